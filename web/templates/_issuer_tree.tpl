<ul class="tree">
% for node in nodes:
  <li{{!' hidden data-extra' if node['extra'] else ''}}>
    <input type="checkbox" id="f-issuer-{{node['name'].replace(' ', '_')}}" name="issuer" value="{{node['name']}}" form="search" data-autosubmit{{!' checked' if node['checked'] else ''}}>
    <label for="f-issuer-{{node['name'].replace(' ', '_')}}"><span lang="zh">{{term(node['name'])}}</span> <span class="count">{{t('count_items', n=node['total'])}}</span>
%   if node['children'] and node['own'] != node['total']:
      <span class="own">{{t('count_own', n=node['own'])}}</span>
%   end
    </label>
%   if node['children']:
%     include('_issuer_tree.tpl', nodes=node['children'])
%   end
  </li>
% end
</ul>
