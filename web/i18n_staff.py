"""Interface text of the staff pages, in the same (Simplified, Traditional, English) form as ``web.i18n``.

Kept apart from the public pages' text so each staff page's strings sit
together; ``web.i18n`` merges them into its one table (a key used twice is
an error at import).

What can go wrong: nothing at run time.
"""

STAFF_TEXT = {
    "staff": ("工作人员", "工作人員", "Staff"),
    "staff_nav": ("工作人员导航", "工作人員導航", "Staff navigation"),
    "login_title": ("工作人员登录", "工作人員登錄", "Staff login"),
    "login_name": ("用户名", "用戶名", "User name"),
    "login_password": ("密码", "密碼", "Password"),
    "login_submit": ("登录", "登錄", "Log in"),
    "login_failed": ("用户名或密码不正确。", "用戶名或密碼不正確。", "The user name or password is wrong."),
    "login_refused": ("登录失败次数过多，请 {minutes} 分钟后再试。",
                      "登錄失敗次數過多，請 {minutes} 分鐘後再試。",
                      ("Too many failed logins: try again in {minutes} minute.",
                       "Too many failed logins: try again in {minutes} minutes.")),
    "logged_in_as": ("当前用户：{name}", "當前用戶：{name}", "Logged in as {name}"),
    "logout": ("退出登录", "退出登錄", "Log out"),
    "logged_out": ("已退出登录。", "已退出登錄。", "You have logged out."),
}
