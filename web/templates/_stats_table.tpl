% tbl = tables[tid]
% # Focusable, so keyboard users can scroll a table wider than the screen.
<div class="stats-scroll" tabindex="0" role="region" aria-labelledby="cap-{{tid}}">
<table class="stats" id="table-{{tid}}">
  <caption id="cap-{{tid}}">{{title_of(tid)}}</caption>
  <thead><tr>
% for column in tbl['columns']:
    <th scope="col">{{heading(column)}}</th>
% end
  </tr></thead>
  <tbody>
% for row in tbl['rows']:
  <tr>
%   for n, column in enumerate(tbl['columns']):
%     text = cell(column, row.get(column))
%     if n == 0:
    <th scope="row"{{!(' class="depth-%d"' % min(row['depth'], 4)) if tid == 'bodies' else ''}}>{{text}}</th>
%     else:
    <td{{!' class="num"' if column in numeric else ''}}>{{text}}</td>
%     end
%   end
  </tr>
% end
  </tbody>
</table>
</div>
<p class="alt">{{t('stats_download')}}
  <a href="{{downloads[tid]['csv']}}">{{t('stats_csv', title=title_of(tid))}}</a> ·
  <a href="{{downloads[tid]['json']}}">{{t('stats_json', title=title_of(tid))}}</a></p>
