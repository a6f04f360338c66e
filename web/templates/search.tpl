<%
groups = view.facet_groups()
active = view.active_filters()
pages = view.pages()
shown = view.shown_range()
feed_pairs = request.url_params(sort=None, page=None, per_page=None)
headline = t('results') if (request.query or request.is_filtered) else t('latest')
rebase('base.tpl', title=(request.query or site_title), feed_href=href('/feeds/atom', feed_pairs))
%>
<h1>{{site_title}}</h1>
% include('_searchbox.tpl', query=request.query, full=True)
<p class="advlink"><a href="{{href('/search/advanced', request.url_params(page=None))}}">{{t('advanced_link')}}</a></p>
% for name, value in request.url_params() + [('facet_all', v) for v in sorted(view.expanded)]:
%   if name in view.KEPT or name == 'facet_all':
<input type="hidden" form="search" name="{{name}}" value="{{value}}">
%   end
% end
<div class="layout">
  <details class="facets" open>
    <summary><h2>{{t('filters')}}</h2></summary>
% if active:
    <p><a href="{{href('/search', request.url_params(**{name: None for name in request.filters}, page=None))}}">{{t('clear_filters')}}</a></p>
% end
% for group in groups:
    <fieldset class="facet" id="facet-{{group['name']}}"{{!' data-findable' if 'tree' in group and group['size'] > 12 else ''}} data-find="{{t('facet_filter')}}" data-find-none="{{t('facet_filter_none')}}">
      <legend><h3>{{t('facet_' + group['name'])}}</h3></legend>
%   if 'tree' in group:
%     include('_issuer_tree.tpl', nodes=group['tree'])
%   else:
      <ul>
%     for i, option in enumerate(group['options']):
        <li{{!' hidden data-extra' if option['extra'] else ''}}>
          <input type="checkbox" id="f-{{group['name']}}-{{i}}" name="{{group['name']}}" value="{{option['value']}}" form="search" data-autosubmit{{!' checked' if option['checked'] else ''}}>
          <label for="f-{{group['name']}}-{{i}}"><span lang="zh">{{term(option['value'])}}</span> <span class="count">{{t('count_items', n=option['count'])}}</span></label>
        </li>
%     end
      </ul>
%   end
%   if group['hidden']:
      <p class="more"><a href="{{group['all_href']}}" data-show-all>{{t('facet_show_all', n=group['size'])}}</a></p>
%   elif group['fewer_href']:
      <p class="more"><a href="{{group['fewer_href']}}">{{t('facet_show_fewer')}}</a></p>
%   end
    </fieldset>
% end
    <p><button type="submit" form="search" class="apply">{{t('apply_filters')}}</button></p>
  </details>
  <section class="results" aria-labelledby="results-h">
    <h2 id="results-h">{{headline}}</h2>
% if active:
    <div class="chips">
      <p class="vh" id="active-h">{{t('active_filters')}}</p>
      <ul aria-labelledby="active-h">
%   for chip in active:
%     chip_text = t('chip_' + chip['name'], value=chip['value']) if chip['name'] in view.LABELLED else term(chip['value'])
        <li><a href="{{chip['href']}}" aria-label="{{t('remove_filter', value=chip_text)}}"><span lang="zh">{{chip_text}}</span> <span aria-hidden="true">×</span></a></li>
%   end
      </ul>
    </div>
% end
    <p class="count" role="status">{{t('result_count', total=data['total'])}}{{(t('result_range', first=shown[0], last=shown[1]) if shown[1] > shown[0] else t('result_single', first=shown[0])) if shown else ''}}</p>
% for body in view.named_bodies():
    <p class="named"><a href="{{body['href']}}">{{t('only_body', name=term(body['name']))}}</a> <span class="count">{{t('count_items', n=body['count'])}}</span></p>
% end
% if view.suggestion_href():
    <p class="suggest">{{t('did_you_mean')}} <a href="{{view.suggestion_href()}}" lang="zh">{{data['suggestion']}}</a></p>
% end
% related = get('related') or []
% hot = get('hot') or {}
% if related:
    <nav class="related" aria-labelledby="related-h">
      <h3 id="related-h">{{t('related_title')}}</h3>
      <ul>
%   for row in related:
        <li><a href="{{href('/search', [('q', row['query'])])}}" lang="zh">{{row['query']}}</a></li>
%   end
      </ul>
    </nav>
% end
% if any(hot.values()):
    <section class="hot" aria-labelledby="hot-h">
      <h3 id="hot-h">{{t('hot_title')}}</h3>
%   for days, rows in hot.items():
%     if rows:
      <h4 id="hot-{{days}}">{{t('hot_days_' + days)}}</h4>
      <ol aria-labelledby="hot-{{days}}">
%       for row in rows:
        <li><a href="{{href('/search', [('q', row['query'])])}}" lang="zh">{{row['query']}}</a> <span class="count">{{t('hot_count', n=row['count'])}}</span></li>
%       end
      </ol>
%     end
%   end
    </section>
% end
% if not data['items']:
    <div class="empty">
      <p><strong>{{t('no_results')}}</strong></p>
%   if request.query:
      <p>{{t('zero_searched', query=request.query)}}</p>
%   end
%   if active:
      <p>{{t('zero_remove')}}</p>
      <ul>
%     for chip in active:
%       chip_text = t('chip_' + chip['name'], value=chip['value']) if chip['name'] in view.LABELLED else term(chip['value'])
        <li><a href="{{chip['href']}}">{{t('zero_remove_one', value=chip_text)}}</a></li>
%     end
%     if unfiltered:
        <li><a href="{{view.unfiltered_href()}}">{{t('zero_unfiltered', query=request.query, n=unfiltered)}}</a></li>
%     elif len(active) > 1:
        <li><a href="{{view.unfiltered_href()}}">{{t('clear_filters')}}</a></li>
%     end
      </ul>
%   end
      <p>{{t('no_results_hint')}}</p>
      <h3>{{t('zero_tips_title')}}</h3>
      <ul>
        <li>{{t('zero_tip_fewer')}}</li>
        <li>{{t('zero_tip_title')}}</li>
        <li><a href="{{href('/search/advanced', request.url_params(page=None))}}">{{t('zero_tip_advanced')}}</a></li>
      </ul>
    </div>
% elif view.groups():
    <div class="groups">
%   for n, group in enumerate(view.groups()):
      <section aria-labelledby="g-{{n}}">
        <h3 id="g-{{n}}"><span lang="zh">{{term(group['value'])}}</span> <span class="count">{{t('count_items', n=group['count'])}}</span></h3>
        <ol>
%     for hit in group['hits']:
          <li lang="zh"><a href="{{item_href(hit['index_no'])}}">{{hit['title']}}</a> <span class="meta"><time datetime="{{hit['publish_date']}}">{{hit['publish_date']}}</time></span></li>
%     end
        </ol>
        <p><a href="{{group['href']}}">{{t('group_more', value=term(group['value']), n=group['count'])}}</a></p>
      </section>
%   end
    </div>
% else:
    <ol class="hits" start="{{shown[0]}}">
%   for hit in data['items']:
      <li class="hit" lang="zh">
%     marked = (hit.get('highlights') or {}).get('title')
%     if marked:
        <h3><a href="{{item_href(hit['index_no'])}}">{{!marked}}</a></h3>
%     else:
        <h3><a href="{{item_href(hit['index_no'])}}">{{hit['title']}}</a></h3>
%     end
        <p class="meta"><span><span class="vh">{{label('issuer')}}：</span>{{term(hit['issuer'])}}</span>
%     if hit.get('doc_no'):
          <span><span class="vh">{{label('doc_no')}}：</span>{{hit['doc_no']}}</span>
%     end
          <span><span class="vh">{{label('publish_date')}}：</span><time datetime="{{hit['publish_date']}}">{{hit['publish_date']}}</time></span>
%     if hit.get('validity') and hit['validity'] != '有效':
          <span class="validity">{{term(hit['validity'])}}</span>
%     end
        </p>
%     snippet = (hit.get('highlights') or {}).get('snippet')
%     if snippet:
        <p class="snippet">{{!snippet}}</p>
%     end
      </li>
%   end
    </ol>
% end
% if pages['last'] > 1 and not view.groups():
    <nav class="pages" aria-label="{{t('pagination')}}">
      <ul>
%   if pages['prev']:
        <li><a href="{{pages['prev']}}" rel="prev">{{t('prev_page')}}</a></li>
%   end
%   for link in pages['links']:
%     if link is None:
        <li class="gap" aria-hidden="true">…</li>
%     elif link['number'] == pages['current']:
        <li><a href="{{link['href']}}" aria-current="page" aria-label="{{t('page_n', n=link['number'])}}">{{link['number']}}</a></li>
%     else:
        <li><a href="{{link['href']}}" aria-label="{{t('page_n', n=link['number'])}}">{{link['number']}}</a></li>
%     end
%   end
%   if pages['next']:
        <li><a href="{{pages['next']}}" rel="next">{{t('next_page')}}</a></li>
%   end
      </ul>
    </nav>
% end
    <p class="alt"><a href="{{href('/feeds/atom', feed_pairs)}}">{{t('feed_link')}}</a> · <a href="{{href('/api/search', request.url_params())}}">{{t('json_link')}}</a></p>
  </section>
</div>
