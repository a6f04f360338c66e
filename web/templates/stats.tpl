% rebase('base.tpl', title=t('stats_title'))
% year = data['year']
<h1>{{t('stats_title')}}</h1>
<p>{{t('stats_intro')}}</p>
<form class="stats-form" method="get" action="{{href('/stats')}}">
  <fieldset>
    <legend>{{t('stats_choose')}}</legend>
    <p>
      <label for="stats-year">{{t('stats_year')}}</label>
      <select id="stats-year" name="year">
% for option in year_options:
        <option value="{{option}}"{{!' selected' if option == year else ''}}>{{option}}</option>
% end
      </select>
    </p>
    <p>
      <label for="stats-issuer">{{t('stats_issuer')}}</label>
      <select id="stats-issuer" name="issuer">
        <option value="">{{t('stats_all_bodies')}}</option>
% for option in body_options:
        <option value="{{option['value']}}"{{!' selected' if option['selected'] else ''}}>{{'\u3000' * option['depth']}}{{term(option['value'])}}</option>
% end
      </select>
    </p>
    <p><button type="submit">{{t('stats_show')}}</button></p>
  </fieldset>
</form>
% if issuer_term:
<p>{{t('stats_scope', name=issuer_term)}}</p>
% end
<p class="figure-sentence" lang="{{lang}}"><strong>{{sentence}}</strong></p>
<p class="alt"><a href="{{json_href}}">{{t('stats_all_json')}}</a></p>


<section aria-labelledby="h-years">
  <h2 id="h-years">{{t('stats_years')}}</h2>
% if not data['years']:
  <p>{{t('stats_none')}}</p>
% else:
  <div class="stats-chart-row">
    <figure class="stats-chart">
      <svg viewBox="0 0 {{chart['width']}} {{chart['height']}}" role="img" aria-labelledby="chart-title chart-desc" focusable="false">
        <title id="chart-title">{{t('stats_chart_title')}}</title>
        <desc id="chart-desc">{{t('stats_chart_desc', first=data['years'][0], last=data['years'][-1])}}</desc>
        <line class="axis" x1="{{chart['left']}}" y1="{{chart['baseline']}}" x2="{{chart['right']}}" y2="{{chart['baseline']}}"></line>
%   for bar in chart['bars']:
        <rect class="bar{{' current' if bar['year'] == year else ''}}" x="{{bar['x']}}" y="{{bar['y']}}" width="{{bar['w']}}" height="{{bar['h']}}"></rect>
        <text class="value" x="{{bar['cx']}}" y="{{bar['y'] - 6}}" text-anchor="middle">{{bar['count']}}</text>
        <text class="label" x="{{bar['cx']}}" y="{{chart['baseline'] + 22}}" text-anchor="middle">{{bar['year']}}</text>
%   end
      </svg>
      <figcaption>{{t('stats_chart_title')}}</figcaption>
    </figure>
    <div class="stats-chart-data">
%   include('_stats_table.tpl', tid='years')
    </div>
  </div>
% end
</section>

<section aria-labelledby="h-levels">
  <h2 id="h-levels">{{title_of('groups')}}</h2>
% include('_stats_table.tpl', tid='groups')
% include('_stats_table.tpl', tid='bodies')
</section>

<section aria-labelledby="h-kinds">
  <h2 id="h-kinds">{{t('stats_kinds', year=year)}}</h2>
% for tid in ('topic', 'genre', 'disclosure'):
%   include('_stats_table.tpl', tid=tid)
% end
</section>

<section aria-labelledby="h-table2">
  <h2 id="h-table2">{{title_of('table2')}}</h2>
  <p>{{t('stats_table2_note')}}</p>
% include('_stats_table.tpl', tid='table2')
% if data['table2']['identity_ok']:
  <p>{{t('stats_identity_ok')}}</p>
% else:
  <p class="state-bad">{{t('stats_identity_broken')}}</p>
%   include('_stats_table.tpl', tid='table2_breaks')
% end
</section>

<section aria-labelledby="h-deadline">
  <h2 id="h-deadline">{{t('stats_deadline')}}</h2>
  <p>{{t('stats_deadline_note')}}</p>
% if calendar_first:
  <p>{{t('stats_calendar_years', first=calendar_first, last=calendar_last)}}</p>
% end
% include('_stats_table.tpl', tid='deadline_years')
% include('_stats_table.tpl', tid='deadline_bodies')
</section>
