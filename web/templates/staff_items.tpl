<%
queue = data['queue']
heading = t('review_title') if queue else t('items_title')
rebase('staff_base.tpl', title=heading)
request = data.get('request') or {}
colon = ': ' if lang == 'en' else '：'
def list_href(page):
    pairs = [(k, request[k]) for k in ('q', 'state', 'body') if request.get(k)]
    if request.get('year_text'):
        pairs.append(('year', request['year_text']))
    end
    if page > 1:
        pairs.append(('page', page))
    end
    return href('/staff/items', pairs)
end
%>
<h1>{{heading}}</h1>
% if queue:
<p>{{t('review_intro') if data['reviewer'] else t('review_not_reviewer')}}</p>
% else:
<form class="staff-filters" method="get" action="{{href('/staff/items')}}" role="search" aria-labelledby="filters-h">
  <h2 id="filters-h" class="vh">{{t('items_filters')}}</h2>
  <p class="wide"><label for="f-q">{{t('search_label')}}</label>
     <input id="f-q" type="search" name="q" value="{{request['q']}}" maxlength="{{query_max}}"></p>
  <p><label for="f-state">{{t('item_state')}}</label>
    <select id="f-state" name="state">
      <option value="">{{t('any_state')}}</option>
% for state in data['states']:
      <option value="{{state}}"{{!' selected' if request['state'] == state else ''}}>{{t('state_' + state)}}</option>
% end
    </select></p>
  <p><label for="f-body">{{label('issuer')}}</label>
    <select id="f-body" name="body">
      <option value="">{{t('any_body')}}</option>
% for name in data['bodies']:
      <option value="{{name}}" lang="zh"{{!' selected' if request['body'] == name else ''}}>{{term(name)}}</option>
% end
    </select></p>
  <p><label for="f-year">{{t('facet_year')}}</label>
     <input id="f-year" name="year" value="{{request['year_text']}}" inputmode="numeric" size="10" aria-describedby="f-year-hint">
     <span class="hint" id="f-year-hint">{{t('filter_year_hint')}}</span></p>
  <p><button type="submit">{{t('filter_submit')}}</button></p>
</form>
% end
% if data['total'] is not None:
<p class="count" role="status">{{t('items_total', total=data['total'])}}</p>
% end
% if data.get('suggestion'):
<p class="suggest">{{t('did_you_mean')}} <a href="{{href('/staff/items', [('q', data['suggestion'])])}}" lang="zh">{{data['suggestion']}}</a></p>
% end
% if not data['rows']:
<p class="empty">{{t('review_none') if queue else t('items_none')}}</p>
% else:
<table class="staff-list">
  <caption class="vh">{{heading}}</caption>
  <thead>
    <tr>
      <th scope="col">{{label('title')}}</th>
      <th scope="col">{{t('item_state')}}</th>
      <th scope="col">{{label('issuer')}}</th>
%   if queue:
      <th scope="col">{{t('submitted_by')}}</th>
      <th scope="col">{{t('submitted_at')}}</th>
%   else:
      <th scope="col">{{label('publish_date')}}</th>
%   end
      <th scope="col">{{t('col_actions')}}</th>
    </tr>
  </thead>
  <tbody>
%   for row in data['rows']:
    <tr>
      <td class="title" lang="zh">
%     if row['marked']:
        <a href="{{href('/staff/items/' + row['index_no'])}}">{{!row['marked']}}</a>
%     else:
        <a href="{{href('/staff/items/' + row['index_no'])}}">{{row['title']}}</a>
%     end
        <span class="index-no">{{row['index_no']}}</span></td>
      <td><span class="state state-{{row['state']}}">{{t('state_' + row['state'])}}</span></td>
      <td lang="zh">{{term(row['issuer'])}}</td>
%     if queue:
      <td>{{row['submitted_by'] or '—'}}</td>
      <td>{{row['submitted_at'] or '—'}}</td>
%     else:
      <td><time datetime="{{row['publish_date']}}">{{row['publish_date']}}</time></td>
%     end
      <td class="links">
        <a href="{{href('/staff/items/' + row['index_no'])}}">{{t('link_view')}}<span class="vh">{{colon}}{{row['title']}}</span></a>
%     if row['editable']:
        <a href="{{href('/staff/items/' + row['index_no'] + '/edit')}}">{{t('link_edit')}}<span class="vh">{{colon}}{{row['title']}}</span></a>
%     end
%     if row['public']:
        <a href="{{item_href(row['index_no'])}}">{{t('link_public')}}<span class="vh">{{colon}}{{row['title']}}</span></a>
%     end
      </td>
    </tr>
%   end
  </tbody>
</table>
% end
% if not queue and (request['page'] > 1 or data['more']):
<nav class="pages" aria-label="{{t('pagination')}}">
  <ul>
%   if request['page'] > 1:
    <li><a href="{{list_href(request['page'] - 1)}}" rel="prev">{{t('prev_page')}}</a></li>
%   end
    <li><a href="{{list_href(request['page'])}}" aria-current="page">{{t('page_n', n=request['page'])}}</a></li>
%   if data['more']:
    <li><a href="{{list_href(request['page'] + 1)}}" rel="next">{{t('next_page')}}</a></li>
%   end
  </ul>
</nav>
% end
