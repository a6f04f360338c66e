% rebase('staff_base.tpl', title=t('login_title'))
<h1>{{t('login_title')}}</h1>
% if data.get('logged_out'):
<p role="status">{{t('logged_out')}}</p>
% end
% if data['error'] == 'login_failed':
<p class="problem" role="alert">{{t('login_failed')}}</p>
% elif data['error'] == 'login_refused':
<p class="problem" role="alert">{{t('login_refused', minutes=data['retry_minutes'])}}</p>
% end
<form class="staff-form" method="post" action="{{href('/staff/login')}}">
  <input type="hidden" name="login_csrf" value="{{data['login_csrf']}}">
  <input type="hidden" name="next" value="{{data['form']['next']}}">
  <p><label for="login-name">{{t('login_name')}}</label>
     <input id="login-name" name="name" autocomplete="username" required value="{{data['form']['name']}}"></p>
  <p><label for="login-password">{{t('login_password')}}</label>
     <input id="login-password" name="password" type="password" autocomplete="current-password" required></p>
  <p><button type="submit">{{t('login_submit')}}</button></p>
</form>
