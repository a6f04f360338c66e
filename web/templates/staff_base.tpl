<%
rebase('base.tpl', title=title)
%>
% if get('user'):
<%
links = [('/staff/items', 'nav_items'), ('/staff/items/new', 'nav_new'), ('/staff/import', 'nav_import')]
if user['role'] in ('reviewer', 'admin'):
    links.append(('/staff/review', 'nav_review'))
end
links.append(('/staff/late', 'nav_late'))
links.append(('/staff/audit', 'nav_audit'))
links.append(('/staff/embed', 'nav_embed'))
if user['role'] == 'admin':
    links.append(('/staff/hot', 'nav_hot'))
    links.append(('/staff/synonyms', 'nav_synonyms'))
end
# The page's own section is current: an item's pages belong to the list.
here = path.rstrip('/')
current = here if here in [p for p, _k in links] else ('/staff/items' if here.startswith('/staff/items/') else None)
%>
<div class="staff-bar">
  <nav class="staff-nav" aria-label="{{t('staff_nav')}}">
    <ul>
% for link_path, key in links:
      <li><a href="{{href(link_path)}}"{{!' aria-current="page"' if link_path == current else ''}}>{{t(key)}}</a></li>
% end
    </ul>
  </nav>
  <div class="staff-user">
    <p>{{t('logged_in_as', name=user['name'])}}</p>
    <form method="post" action="{{href('/staff/logout')}}">
      <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
      <button type="submit">{{t('logout')}}</button>
    </form>
  </div>
</div>
% end
{{!base}}
