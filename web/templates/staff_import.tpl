<%
step = data['step']
heading = {'preview': t('import_preview_title'), 'done': t('import_done_title')}.get(step, t('import_title'))
rebase('staff_base.tpl', title=heading)
preview = data['preview']
result = data['result']
state_key = {'published': 'import_state_published', 'scheduled': 'import_state_scheduled',
             'submitted': 'import_state_submitted', 'draft': 'import_state_draft'}
done_key = {'published': 'import_done_published', 'scheduled': 'import_done_scheduled',
            'submitted': 'import_done_submitted'}
%>
<h1>{{heading}}</h1>
% if data['error']:
<p class="problem import-alert" role="alert">{{t(data['error'][0], **data['error'][1])}}</p>
% end
% if step == 'done':
<p role="status">{{t('import_done_summary', n=len(result['items']), file=result['file'])}}</p>
<ol class="import-done">
%   for item in result['items']:
  <li><a href="{{href('/staff/items/' + item['index_no'])}}">{{item['title']}}</a>
    <span class="import-meta">{{item['index_no']}} · {{term(item['issuer'])}} · {{item['publish_date']}} ·
      <span class="state state-{{item['state']}}">{{t(done_key.get(item['state'], 'import_state_draft'))}}</span></span></li>
%   end
</ol>
<p><a href="{{href('/staff/import')}}">{{t('import_another')}}</a></p>
% end
% if preview:
<p>{{t('import_summary', file=preview['file'], n=len(preview['rows']))}}</p>
%   if preview['problem_count']:
<section class="import-problems" aria-labelledby="problems-heading">
  <h2 id="problems-heading">{{t('import_problems_title')}}</h2>
  <p class="problem import-alert" role="alert">{{t('import_problems_summary', n=preview['problem_count'], rows=preview['problem_rows'])}}</p>
%     if preview['file_problems']:
  <h3>{{t('import_file_problems')}}</h3>
  <ul class="problems">
%       for problem in preview['file_problems']:
    <li><strong>{{problem['field']}}</strong>：{{problem['text']}}</li>
%       end
  </ul>
%     end
%     bad = [row for row in preview['rows'] if row['problems']]
%     if bad:
  <div class="import-scroll" tabindex="0" role="region" aria-labelledby="problems-heading">
  <table class="import-table">
    <thead><tr><th scope="col">{{t('import_col_line')}}</th><th scope="col">{{t('import_col_field')}}</th>
      <th scope="col">{{t('import_col_problem')}}</th></tr></thead>
    <tbody>
%       for row in bad:
%         for i, problem in enumerate(row['problems']):
      <tr>
%           if i == 0:
        <th scope="row" rowspan="{{len(row['problems'])}}">{{row['line']}}</th>
%           end
        <td>{{problem['field']}}</td><td>{{problem['text']}}</td></tr>
%         end
%       end
    </tbody>
  </table>
  </div>
%     end
</section>
%   else:
<ul class="import-states">
%     for state, count in preview['states'].items():
  <li class="state state-{{state}}">{{t('import_state_count', state=t(state_key.get(state, 'import_state_draft')), n=count)}}</li>
%     end
</ul>
<section class="import-confirm" aria-labelledby="confirm-heading">
  <h2 id="confirm-heading">{{t('import_confirm_title')}}</h2>
  <form class="staff-form import-form" id="import-confirm" method="post" action="{{href('/staff/import')}}">
    <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
    <input type="hidden" name="token" value="{{preview['token']}}">
    <p><label for="confirm-secrecy">{{t('import_secrecy')}}</label>
       <input id="confirm-secrecy" name="secrecy_checked_by" required{{!maxlength('secrecy_checked_by')}} value="{{data['secrecy']}}"
              aria-describedby="confirm-secrecy-hint" autocomplete="name">
       <span class="hint" id="confirm-secrecy-hint">{{t('import_secrecy_hint')}}</span></p>
    <p class="hint">{{t('import_confirm_hint')}}</p>
    <p class="actions"><button type="submit" name="action" value="import">{{t('import_confirm', n=len(preview['rows']))}}</button>
       <button type="submit" name="action" value="cancel" formnovalidate class="secondary">{{t('import_cancel')}}</button></p>
  </form>
</section>
%   end
%   if preview['rows']:
<h2 id="rows-heading">{{t('import_rows_title')}}</h2>
<div class="import-scroll" tabindex="0" role="region" aria-labelledby="rows-heading">
<table class="import-table">
  <thead><tr><th scope="col">{{t('import_col_line')}}</th><th scope="col">{{label('title')}}</th>
    <th scope="col">{{label('issuer')}}</th><th scope="col">{{label('publish_date')}}</th>
    <th scope="col">{{t('import_col_state')}}</th></tr></thead>
  <tbody>
%     for row in preview['rows']:
    <tr{{!' class="bad"' if row['problems'] else ''}}><th scope="row">{{row['line']}}</th><td>{{row['title'] or ''}}</td>
      <td>{{term(row['issuer']) if row['issuer'] else ''}}</td><td>{{row['publish_date'] or ''}}</td>
%       if row['state']:
      <td class="state state-{{row['state']}}">{{t(state_key.get(row['state'], 'import_state_draft'))}}</td></tr>
%       else:
      <td class="state state-bad">{{t('import_state_bad')}}</td></tr>
%       end
%     end
  </tbody>
</table>
</div>
%   end
% end
% if step == 'upload' or (preview and preview['problem_count']):
%   if step != 'upload':
<h2>{{t('import_upload_heading')}}</h2>
%   else:
<p>{{t('import_intro')}}</p>
%   end
<form class="staff-form import-form" id="import-upload" method="post" action="{{href('/staff/import')}}"
      enctype="multipart/form-data">
  <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
  <p><label for="import-file">{{t('import_file_label')}}</label>
     <input id="import-file" name="file" type="file" required accept=".csv,.yaml,.yml,.jsonl,text/csv"
            aria-describedby="import-file-hint">
     <span class="hint" id="import-file-hint">{{t('import_file_hint', formats=data['formats'], mb=data['limit_mb'])}}</span></p>
  <p><label for="import-secrecy">{{t('import_secrecy')}}</label>
     <input id="import-secrecy" name="secrecy_checked_by" required{{!maxlength('secrecy_checked_by')}} value="{{data['secrecy']}}"
            aria-describedby="import-secrecy-hint" autocomplete="name">
     <span class="hint" id="import-secrecy-hint">{{t('import_secrecy_hint')}}</span></p>
  <p><button type="submit" name="action" value="check">{{t('import_check')}}</button></p>
</form>
<p><a href="{{href('/staff/import/template.csv')}}" download>{{t('import_template_link')}}</a></p>
% end
