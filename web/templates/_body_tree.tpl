<ul class="tree">
% for node in nodes:
  <li>
%   if node['total']:
    <a href="{{href('/search', [('issuer', node['name'])])}}" lang="zh">{{term(node['name'])}}</a>
%   else:
    <span lang="zh">{{term(node['name'])}}</span>
%   end
    <span class="count">{{t('count_items', n=node['total'])}}</span>
%   if node['children'] and node['own'] != node['total']:
    <span class="own">{{t('count_own', n=node['own'])}}</span>
%   end
%   if node['children']:
%     include('_body_tree.tpl', nodes=node['children'])
%   end
  </li>
% end
</ul>
