% rebase('staff_base.tpl', title=t('late_title'))
<h1>{{t('late_title')}}</h1>
% if data['scope_body']:
<p>{{t('late_scope', body=term(data['scope_body']))}}</p>
% end
<p>{{t('late_intro', n=data['within'])}}</p>
<form class="staff-form late-form" method="get" action="{{href('/staff/late')}}">
  <p><label for="late-within">{{t('late_within')}}</label>
     <input id="late-within" name="within" type="number" min="1" max="{{data['limit']}}" value="{{data['within']}}" inputmode="numeric">
     <button type="submit">{{t('late_show')}}</button></p>
</form>
% if not data['items']:
<p>{{t('late_none')}}</p>
% else:
<div class="stats-scroll" tabindex="0" role="region" aria-labelledby="late-caption">
<table class="stats" id="late-items">
  <caption id="late-caption">{{t('late_title')}}</caption>
  <thead><tr>
% for column in ('title', 'state', 'issuer', 'status', 'written_date', 'publish_date', 'days', 'deadline', 'days_left'):
    <th scope="col">{{t('col_' + column)}}</th>
% end
  </tr></thead>
  <tbody>
% for item in data['items']:
  <tr class="late-{{item['state']}}">
    <th scope="row"><a href="{{href('/staff/items/' + item['index_no'])}}">{{item['title']}}</a></th>
    <td>{{t('late_state_' + item['state'])}}</td>
    <td>{{term(item['issuer'])}}</td>
    <td>{{t('audit_status_' + item['status'])}}</td>
    <td class="num">{{item['written_date']}}</td>
    <td class="num">{{item['publish_date'] or '—'}}</td>
    <td class="num">{{item['days'] if item['days'] is not None else '—'}}</td>
    <td class="num">{{item['deadline'] or '—'}}</td>
    <td class="num">{{item['days_left'] if item['days_left'] is not None else '—'}}</td>
  </tr>
% end
  </tbody>
</table>
</div>
% end
