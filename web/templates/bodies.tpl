% rebase('base.tpl', title=t('bodies_title'))
<h1>{{t('bodies_title')}}</h1>
<p>{{t('bodies_intro')}}</p>
% include('_searchbox.tpl', query='', full=False)
<div class="bodies">
% include('_body_tree.tpl', nodes=tree)
</div>
