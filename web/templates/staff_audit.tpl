% rebase('staff_base.tpl', title=t('audit_title'))
<%
f = data['filters']
problems = data['problems']
%>
<h1>{{t('audit_title')}}</h1>
% if data['scope_body']:
<p>{{t('audit_scope_body', body=term(data['scope_body']))}}</p>
% else:
<p>{{t('audit_scope_all')}}</p>
% end
<form class="staff-form audit-filters" method="get" action="{{href('/staff/audit')}}">
  <fieldset>
    <legend>{{t('audit_filters')}}</legend>
    <p><label for="audit-user">{{t('audit_actor')}}</label>
       <input id="audit-user" name="user" value="{{f['user']}}" autocomplete="off"></p>
    <p><label for="audit-action">{{t('audit_action')}}</label>
       <select id="audit-action" name="action">
         <option value="">{{t('audit_any_action')}}</option>
% for value, text in data['actions']:
         <option value="{{value}}"{{!' selected' if value == f['action'] else ''}}>{{text}}</option>
% end
       </select></p>
% for name in ('since', 'until'):
    <p><label for="audit-{{name}}">{{t('audit_' + name)}}</label>
%   if name in problems:
       <input id="audit-{{name}}" name="{{name}}" type="date" value="{{f[name]}}" aria-invalid="true"
              aria-describedby="audit-{{name}}-error audit-date-hint">
       <span class="problem" id="audit-{{name}}-error">{{t('audit_bad_date', value=problems[name])}}</span>
%   else:
       <input id="audit-{{name}}" name="{{name}}" type="date" value="{{f[name]}}" aria-describedby="audit-date-hint">
%   end
    </p>
% end
    <p class="hint" id="audit-date-hint">{{t('audit_date_hint')}}</p>
    <p><label for="audit-index-no">{{label('index_no')}}</label>
       <input id="audit-index-no" name="index_no" value="{{f['index_no']}}" autocomplete="off"></p>
    <p><button type="submit">{{t('audit_apply')}}</button>
% if any(f.values()):
       <a href="{{href('/staff/audit')}}">{{t('audit_clear')}}</a>
% end
    </p>
  </fieldset>
</form>
<h2>{{t('audit_entries')}}{{' – ' + t('page_n', n=data['page']) if data['page'] > 1 else ''}}</h2>
% if not data['entries']:
<p class="empty">{{t('audit_none')}}</p>
% else:
<ol class="audit">
%   for e in data['entries']:
%   has_meta = e['index_no'] or e['body'] or e['address'] or e['facts']
  <li>
    <p class="audit-head"><time datetime="{{e['at']}}">{{e['when']}}</time>
       <strong>{{e['actor'] or '–'}}</strong> <span class="audit-action">{{e['action_label']}}</span></p>
%   if has_meta:
    <dl class="audit-meta">
%     if e['index_no']:
      <div><dt>{{label('index_no')}}</dt>
           <dd><a href="{{href('/staff/audit', [('index_no', e['index_no'])])}}" title="{{t('audit_history')}}">{{e['index_no']}}</a></dd></div>
%     end
%     if e['body']:
      <div><dt>{{t('audit_body')}}</dt><dd>{{term(e['body'])}}</dd></div>
%     end
%     if e['address']:
      <div><dt>{{t('audit_address')}}</dt><dd>{{e['address']}}</dd></div>
%     end
%     for fact in e['facts']:
      <div><dt>{{fact['label']}}</dt>
%       if fact['short']:
           <dd><details><summary>{{fact['short']}}</summary><p>{{fact['text']}}</p></details></dd></div>
%       else:
           <dd>{{fact['text']}}</dd></div>
%       end
%     end
    </dl>
%   end
%   if e['changes']:
    <table class="audit-changes">
      <caption>{{t('audit_changes')}}</caption>
      <thead><tr><th scope="col">{{t('audit_field')}}</th><th scope="col">{{t('audit_old')}}</th><th scope="col">{{t('audit_new')}}</th></tr></thead>
      <tbody>
%     for change in e['changes']:
        <tr><th scope="row">{{change['label']}}</th>
%       for value, tag, head in ((change['old'], 'del', t('audit_old')), (change['new'], 'ins', t('audit_new'))):
%         if value['short']:
          <td class="{{tag}}" data-label="{{head}}"><details><summary>{{value['short']}}</summary><p>{{value['text']}}</p></details></td>
%         elif value['text']:
          <td class="{{tag}}" data-label="{{head}}">{{value['text']}}</td>
%         else:
          <td class="{{tag}}" data-label="{{head}}"><em>{{t('audit_empty')}}</em></td>
%         end
%       end
        </tr>
%     end
      </tbody>
    </table>
%   end
  </li>
%   end
</ol>
% end
% if data['newer'] or data['older']:
<nav class="pages" aria-label="{{t('pagination')}}">
  <ul>
%   if data['newer']:
    <li><a href="{{data['newer']}}" rel="prev">{{t('audit_newer')}}</a></li>
%   end
%   if data['older']:
    <li><a href="{{data['older']}}" rel="next">{{t('audit_older')}}</a></li>
%   end
  </ul>
</nav>
% end
