<%
rebase('base.tpl', title=title)
%>
% if get('user'):
<nav class="staff-nav" aria-label="{{t('staff_nav')}}">
  <p>{{t('logged_in_as', name=user['name'])}}</p>
  <form method="post" action="{{href('/staff/logout')}}">
    <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
    <button type="submit">{{t('logout')}}</button>
  </form>
</nav>
% end
{{!base}}
