% rebase('staff_base.tpl', title=t('staff_hot_title'))
<h1>{{t('staff_hot_title')}}</h1>
<p>{{t('staff_hot_intro', days=data['days'], n=data['min_count'])}}</p>
% if not data['queries']:
<p>{{t('staff_hot_none')}}</p>
% else:
<div class="stats-scroll" tabindex="0" role="region" aria-labelledby="hot-caption">
<table class="stats" id="hot-queries">
  <caption id="hot-caption">{{t('staff_hot_title')}}</caption>
  <thead><tr>
    <th scope="col">{{t('col_query')}}</th>
    <th scope="col">{{t('col_searches')}}</th>
    <th scope="col">{{t('col_shown')}}</th>
    <th scope="col"><span class="vh">{{t('col_shown')}}</span></th>
  </tr></thead>
  <tbody>
% for row in data['queries']:
  <tr>
    <th scope="row" lang="zh">{{row['query']}}</th>
    <td class="num">{{row['count']}}</td>
    <td>{{t('hot_hidden') if row['hidden'] else t('hot_shown')}}</td>
    <td>
      <form method="post" action="{{href('/staff/hot')}}">
        <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
        <input type="hidden" name="query" value="{{row['query']}}">
        <input type="hidden" name="action" value="{{'show' if row['hidden'] else 'hide'}}">
        <button type="submit">{{t('hot_show' if row['hidden'] else 'hot_hide', query=row['query'])}}</button>
      </form>
    </td>
  </tr>
% end
  </tbody>
</table>
</div>
% end
