<%
item = data['item']
rebase('base.tpl', title=item['title'], canonical=None)
rows = [('index_no', 'topic'), ('issuer', 'written_date'), ('title', None),
        ('doc_no', 'publish_date'), ('validity', 'disclosure'), ('genre', 'keywords')]
links = {'issuer': href('/search', [('issuer', item['issuer'])]),
         'topic': href('/search', [('topic', item['topic'])]) if item.get('topic') else None,
         'genre': href('/search', [('genre', item['genre'])]) if item.get('genre') else None}
# The catalogue's own values show in the interface's script; the item's own words as written.
controlled = ('issuer', 'topic', 'genre', 'validity', 'disclosure')
def shown(name):
    value = item.get(name)
    if isinstance(value, list):
        value = '；'.join(value)
    end
    if value and name in controlled:
        value = term(value)
    end
    return value or '—'
end
paragraphs = [line.strip() for line in (item.get('body') or '').splitlines() if line.strip()]
%>
<nav class="crumbs" aria-label="{{t('nav')}}">
  <a href="{{href('/search')}}">{{t('nav_search')}}</a> ›
  <a href="{{links['issuer']}}" lang="zh">{{term(item['issuer'])}}</a>
</nav>
<article class="item" lang="zh">
  <h1>{{item['title']}}</h1>
  <h2 lang="{{lang}}">{{t('details')}}</h2>
  <table class="meta">
% for left, right in rows:
    <tr>
%   for name in (left, right):
%     if name:
      <th scope="row" lang="{{lang}}">{{label(name)}}</th>
%       if links.get(name):
      <td{{!' colspan="3"' if not right else ''}}><a href="{{links[name]}}">{{shown(name)}}</a></td>
%       else:
      <td{{!' colspan="3"' if not right else ''}}>{{shown(name)}}</td>
%       end
%     end
%   end
    </tr>
% end
  </table>
% if item.get('summary'):
  <h2 lang="{{lang}}">{{t('summary')}}</h2>
  <p class="summary">{{item['summary']}}</p>
% end
  <h2 lang="{{lang}}">{{t('body')}}</h2>
% if paragraphs:
  <div class="body">
%   for paragraph in paragraphs:
    <p>{{paragraph}}</p>
%   end
  </div>
% else:
  <p lang="{{lang}}">{{t('no_body')}}</p>
% end
% if item.get('attachments'):
  <h2 lang="{{lang}}">{{t('attachments')}}</h2>
  <ul class="attachments">
%   for attachment in item['attachments']:
    <li><a href="{{attachment['url']}}" rel="nofollow noopener">{{attachment['name']}}</a></li>
%   end
  </ul>
% end
% if item.get('url'):
  <p class="source" lang="{{lang}}">{{t('source_url')}}：<a href="{{item['url']}}" rel="nofollow noopener">{{item['url']}}</a></p>
% end
  <p lang="{{lang}}"><a href="{{links['issuer']}}">{{t('more_from_issuer')}}</a></p>
</article>
