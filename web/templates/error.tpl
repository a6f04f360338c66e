<%
key = 'error_%d' % data['status']
heading = t(key) if key in ('error_400', 'error_403', 'error_404', 'error_405', 'error_409', 'error_410', 'error_500', 'error_503') else t('error_other')
rebase('base.tpl', title=heading)
%>
<h1>{{heading}}</h1>
% if len(said) == 1:
<p class="problem">{{said[0]}}</p>
% else:
<ul class="problems">
%   for sentence in said:
  <li>{{sentence}}</li>
%   end
</ul>
% end
% for reason in reasons:
<p>{{t('withdrawn_reason')}}<span lang="zh">{{reason}}</span></p>
% end
<ul class="next">
% for link_href, link_text in next_links:
  <li><a href="{{link_href}}">{{link_text}}</a></li>
% end
</ul>
% include('_searchbox.tpl', query='', full=False)
