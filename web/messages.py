"""What a visitor reads when a request fails: each problem worded in three languages, with what to do next.

A ``catalogue.errors.Problem`` carries a machine-readable ``code`` and the
``params`` needed to word it (``value``, ``min``, ``max``, ``choices`` …)
beside its English ``message``; ``describe(lang, problem)`` turns it into
one sentence saying what is wrong and one saying what to do, in the
interface language. The field is named by its label in that language, the
values the visitor typed are quoted as typed, the sort orders by the names
of the sort menu and the catalogue's own values in the interface's script.
``status_text`` words an error that has no problem to tell (a server error,
a page that is not there). The JSON API keeps the English message; only
pages use this.

What can go wrong: a code without wording raises ``KeyError``; the tests
word every code of ``catalogue.errors.PROBLEM_CODES`` in every language.
"""

from . import i18n
from .script import in_script

QUOTE_MAX = 60      # characters of a typed value quoted back to the visitor

# code: (Simplified, Traditional, English). {field} is the field's label in
# the language, {value} what the visitor typed; the other names are params.
WORDING = {
    "not_a_number": ("{field}须是整数，“{value}”不是整数。请填写 {min} 到 {max} 之间的整数。",
                     "{field}須是整數，“{value}”不是整數。請填寫 {min} 到 {max} 之間的整數。",
                     "{field} must be a whole number, and “{value}” is not one. "
                     "Give a whole number from {min} to {max}."),
    "too_small": ("{field}至少是 {min}，“{value}”太小了。请填写 {min} 到 {max} 之间的整数。",
                  "{field}至少是 {min}，“{value}”太小了。請填寫 {min} 到 {max} 之間的整數。",
                  "{field} must be at least {min}, and “{value}” is less. "
                  "Give a whole number from {min} to {max}."),
    "too_large": ("{field}最多是 {max}，“{value}”太大了。请填写 {min} 到 {max} 之间的整数。",
                  "{field}最多是 {max}，“{value}”太大了。請填寫 {min} 到 {max} 之間的整數。",
                  "{field} must be at most {max}, and “{value}” is more. "
                  "Give a whole number from {min} to {max}."),
    "not_a_choice": ("{field}没有“{value}”这一项。可选的有：{choices}。",
                     "{field}沒有“{value}”這一項。可選的有：{choices}。",
                     "{field} has no option “{value}”. The options are: {choices}."),
    "not_a_year": ("{field}“{value}”无法识别。请写一个年份（如 2012）或年份范围（如 2010..2012），"
                   "在 {min} 到 {max} 年之间。",
                   "{field}“{value}”無法識別。請寫一個年份（如 2012）或年份範圍（如 2010..2012），"
                   "在 {min} 到 {max} 年之間。",
                   "{field} “{value}” is not a year. Write a year such as 2012 or a range such as "
                   "2010..2012, from {min} to {max}."),
    "inverted_range": ("{field}“{value}”晚于截止日期“{end}”，这个范围是倒过来的。请把较早的日期填在前面。",
                       "{field}“{value}”晚於截止日期“{end}”，這個範圍是倒過來的。請把較早的日期填在前面。",
                       "{field} “{value}” is after the end date “{end}”, so the range is backwards. "
                       "Put the earlier date first."),
    "not_text": ("{field}须是文字。请改正后再试。", "{field}須是文字。請改正後再試。",
                 "{field} must be text. Correct it and try again."),
    "too_long": ("{field}有 {length} 个字，最多只能有 {max} 个字。请删减后再试。",
                 "{field}有 {length} 個字，最多只能有 {max} 個字。請刪減後再試。",
                 "{field} is {length} characters long, and at most {max} are allowed. "
                 "Shorten it and try again."),
    "too_many": ("{field}给了 {count} 个，最多只能给 {max} 个。请减少后再试。",
                 "{field}給了 {count} 個，最多只能給 {max} 個。請減少後再試。",
                 "{field} has {count} entries, and at most {max} are allowed. "
                 "Give fewer and try again."),
    "unknown_body": ("发布机构名录中没有“{value}”。请在发布机构列表中查找，或把名称作为检索词检索。",
                     "發布機構名錄中沒有“{value}”。請在發布機構列表中查找，或把名稱作爲檢索詞檢索。",
                     "There is no issuing body “{value}” in the registry. Look for it in the list of "
                     "issuing bodies, or search for the name."),
    "unknown_topic": ("主题分类中没有“{value}”。请在检索页的筛选栏中选择主题分类。",
                      "主題分類中沒有“{value}”。請在檢索頁的篩選欄中選擇主題分類。",
                      "There is no topic “{value}”. Choose a topic among the filters of the search page."),
    "unknown_genre": ("体裁中没有“{value}”。请在检索页的筛选栏中选择体裁。",
                      "體裁中沒有“{value}”。請在檢索頁的篩選欄中選擇體裁。",
                      "There is no genre “{value}”. Choose a genre among the filters of the search page."),
    "not_a_filter": ("“{field}”不是筛选条件。可用的筛选条件有：{choices}。",
                     "“{field}”不是篩選條件。可用的篩選條件有：{choices}。",
                     "“{field}” is not a filter. The filters are: {choices}."),
    "not_a_mapping": ("筛选条件的格式有误。请按“条件名：取值”给出筛选条件。",
                      "篩選條件的格式有誤。請按“條件名：取值”給出篩選條件。",
                      "The filters must map each filter name to its values."),
    "repeated": ("{field}在网址中出现了不止一次，但只能给一次。请只保留一个。",
                 "{field}在網址中出現了不止一次，但只能給一次。請只保留一個。",
                 "{field} appears more than once in the address, and may be given only once. "
                 "Keep one of them."),
    "not_utf8": ("网址中有无法识别的字符。请检查网址，或回到检索页重新输入。",
                 "網址中有無法識別的字符。請檢查網址，或回到檢索頁重新輸入。",
                 "The address holds characters that cannot be read (not UTF-8). "
                 "Check the address, or type the search again."),
    "not_found": ("目录中没有索引号为“{value}”的信息。请核对索引号，或用检索查找这条信息。",
                  "目錄中沒有索引號爲“{value}”的信息。請核對索引號，或用檢索查找這條信息。",
                  "The catalogue holds no item with index number “{value}”. "
                  "Check the number, or search for the item."),
    "withdrawn": ("索引号为 {value} 的信息已由发布机构撤回，不再公开。可以用检索查找相关的信息。",
                  "索引號爲 {value} 的信息已由發布機構撤回，不再公開。可以用檢索查找相關的信息。",
                  "The item with index number {value} has been withdrawn by its issuing body and "
                  "is no longer published. You can search for related items."),
    "no_such_page": ("本站没有这个页面（{path}）。请检查网址，或从检索页开始查找。",
                     "本站沒有這個頁面（{path}）。請檢查網址，或從檢索頁開始查找。",
                     "There is no page {path} on this site. Check the address, or start from the "
                     "search page."),
    "method_not_allowed": ("这个页面只能浏览，不能向它提交数据。请回到检索页。",
                           "這個頁面只能瀏覽，不能向它提交數據。請回到檢索頁。",
                           "This page can only be viewed ({method} is not allowed here). "
                           "Go back to the search page."),
    # -- staff: entering items and who may do what (catalogue.access) --
    "required": ("{field}必须填写。请填写后再保存。", "{field}必須填寫。請填寫後再保存。",
                 "{field} is required. Fill it in and save again."),
    "not_a_date": ("{field}“{value}”不是日期。请按 2012-05-18 的格式填写（也可写作 20120518）。",
                   "{field}“{value}”不是日期。請按 2012-05-18 的格式填寫（也可寫作 20120518）。",
                   "{field} “{value}” is not a date. Write it as 2012-05-18 (or 20120518)."),
    "control_character": ("{field}的第 {position} 个字符是看不见的控制字符（{character}），"
                          "多半是从别的软件复制时带进来的。请删去它后再保存。",
                          "{field}的第 {position} 個字符是看不見的控制字符（{character}），"
                          "多半是從別的軟件複製時帶進來的。請刪去它後再保存。",
                          "{field} holds an invisible control character ({character}) at "
                          "character {position}, usually pasted in from another program. "
                          "Remove it and save again."),
    "not_a_url": ("{field}“{value}”不是网址。请从浏览器的地址栏复制完整的网页地址，粘贴到这里。",
                  "{field}“{value}”不是網址。請從瀏覽器的地址欄複製完整的網頁地址，粘貼到這裏。",
                  "{field} “{value}” is not a web address. Copy the whole address from the "
                  "browser's address bar and paste it here."),
    "forbidden_scope": ("您无权处理{value}的信息：每位工作人员只能处理本单位及其下级单位的信息。"
                        "如需处理，请联系{value}的工作人员或系统管理员。",
                        "您無權處理{value}的信息：每位工作人員只能處理本單位及其下級單位的信息。"
                        "如需處理，請聯繫{value}的工作人員或系統管理員。",
                        "You may not work on items of {value}: staff work on the items of their own "
                        "body and the bodies under it. Ask the staff of {value} or an administrator."),
    "forbidden_role": ("审核通过和退回只能由审核人员办理。请联系本单位的审核人员。",
                       "審核通過和退回只能由審核人員辦理。請聯繫本單位的審核人員。",
                       "Only reviewers approve or reject items. Ask a reviewer of your body."),
    "forbidden_withdraw": ("撤销信息只能由审核人员办理。请联系本单位的审核人员。",
                           "撤銷信息只能由審核人員辦理。請聯繫本單位的審核人員。",
                           "Only reviewers withdraw items. Ask a reviewer of your body."),
    "forbidden_admin": ("这项操作只能由系统管理员办理。请联系系统管理员。",
                        "這項操作只能由系統管理員辦理。請聯繫系統管理員。",
                        "Only an administrator may do this. Ask an administrator."),
    "four_eyes": ("{value}实行先审后发，信息不能直接发布。请提交审核，由另一位审核人员审核通过后发布。",
                  "{value}實行先審後發，信息不能直接發布。請提交審核，由另一位審核人員審核通過後發布。",
                  "{value} reviews before publishing, so items cannot be published directly. Submit "
                  "the item for review; another person approves it."),
    "four_eyes_own": ("{value}实行先审后发，提交人不能审核自己提交的信息。请由本单位另一位审核人员审核。",
                      "{value}實行先審後發，提交人不能審核自己提交的信息。請由本單位另一位審核人員審核。",
                      "{value} reviews before publishing, and nobody approves an item they submitted. "
                      "Another reviewer of the body approves it."),
    "four_eyes_changed": ("{value}实行先审后发，信息提交后修改过它的人不能再审核它。请由本单位另一位审核人员审核。",
                          "{value}實行先審後發，信息提交後修改過它的人不能再審核它。請由本單位另一位審核人員審核。",
                          "{value} reviews before publishing, and nobody approves an item they changed "
                          "after it was submitted. Another reviewer of the body approves it."),
    "four_eyes_published": ("{value}实行先审后发，已发布的信息只能由审核人员修改。请联系本单位的审核人员。",
                            "{value}實行先審後發，已發布的信息只能由審核人員修改。請聯繫本單位的審核人員。",
                            "{value} reviews before publishing, so only a reviewer may change its "
                            "published items. Ask a reviewer of your body."),
    "account_disabled": ("您的账号已停用，不能进行任何操作。如有疑问，请联系系统管理员。",
                         "您的賬號已停用，不能進行任何操作。如有疑問，請聯繫系統管理員。",
                         "Your account is disabled and may do nothing. Ask an administrator."),
    "form_expired": ("表单已过期，或不是从本站提交的，操作未执行。请重新打开页面后再试。",
                     "表單已過期，或不是從本站提交的，操作未執行。請重新打開頁面後再試。",
                     "The form has expired or did not come from this site, so nothing was done. "
                     "Open the page again and retry."),
    "index_building": ("检索功能正在准备中（已完成 {percent}%），请过几秒钟再试。"
                       "准备期间可以按索引号直接查看信息。",
                       "檢索功能正在準備中（已完成 {percent}%），請過幾秒鐘再試。"
                       "準備期間可以按索引號直接查看信息。",
                       "The search is being prepared ({percent}% done). Please try again in a few "
                       "seconds; meanwhile items can be opened by their index number."),
}

# Where a field says it better in its own words.
FIELD_WORDING = {
    ("too_small", "page"): ("页码从 {min} 开始，没有第 {value} 页。请从第 {min} 页看起。",
                            "頁碼從 {min} 開始，沒有第 {value} 頁。請從第 {min} 頁看起。",
                            "Pages are numbered from {min}; there is no page {value}. "
                            "Start from page {min}."),
    ("too_large", "page"): ("检索结果最多只能翻到第 {max} 页，没有第 {value} 页。"
                            "请加检索词或筛选条件缩小范围，或换一种排序。",
                            "檢索結果最多只能翻到第 {max} 頁，沒有第 {value} 頁。"
                            "請加檢索詞或篩選條件縮小範圍，或換一種排序。",
                            "Results go up to page {max} only; there is no page {value}. "
                            "Narrow the search with more words or filters, or sort it another way."),
    ("too_small", "per_page"): ("每页至少显示 {min} 条，“{value}”太少了。请填写 {min} 到 {max} 之间的条数。",
                                "每頁至少顯示 {min} 條，“{value}”太少了。請填寫 {min} 到 {max} 之間的條數。",
                                "Results per page must be at least {min}, not {value}. "
                                "Give a number from {min} to {max}."),
    ("too_large", "per_page"): ("每页最多显示 {max} 条，“{value}”太多了。请填写 {min} 到 {max} 之间的条数。",
                                "每頁最多顯示 {max} 條，“{value}”太多了。請填寫 {min} 到 {max} 之間的條數。",
                                "At most {max} results fit on a page, not {value}. "
                                "Give a number from {min} to {max}."),
}

# A problem without a code: about a field, or about the whole request.
UNCODED = ("{field}的值有误。请改正后再试。", "{field}的值有誤。請改正後再試。",
           "{field} has a value that is not accepted. Correct it and try again.")

# An error with no problem to tell, by HTTP status (``None``: any other).
STATUS_WORDING = {
    400: ("请求有误。请检查网址，或回到检索页重新输入。", "請求有誤。請檢查網址，或回到檢索頁重新輸入。",
          "The request is not right. Check the address, or type the search again."),
    401: ("请先登录。", "請先登錄。", "Log in first."),
    403: ("无权进行此操作。如需办理，请联系本单位的审核人员或系统管理员。",
          "無權進行此操作。如需辦理，請聯繫本單位的審核人員或系統管理員。",
          "You may not do this. Ask a reviewer of your body or an administrator."),
    409: ("此信息的状态已经改变，操作未执行。请刷新页面后再试。", "此信息的狀態已經改變，操作未執行。請刷新頁面後再試。",
          "The item has changed state, so nothing was done. Reload the page and try again."),
    429: ("尝试次数过多，请稍后再试。", "嘗試次數過多，請稍後再試。", "Too many attempts. Please try again later."),
    404: ("找不到所要的内容。请检查网址，或从检索页开始查找。", "找不到所要的內容。請檢查網址，或從檢索頁開始查找。",
          "What you asked for is not here. Check the address, or start from the search page."),
    405: ("这个页面只能浏览，不能向它提交数据。请回到检索页。", "這個頁面只能瀏覽，不能向它提交數據。請回到檢索頁。",
          "This page can only be viewed. Go back to the search page."),
    410: ("此信息已撤回，不再公开。可以用检索查找相关的信息。", "此信息已撤回，不再公開。可以用檢索查找相關的信息。",
          "This item has been withdrawn and is no longer published. You can search for related items."),
    500: ("服务器处理请求时出错，错误已经记录。请稍后再试。", "服務器處理請求時出錯，錯誤已經記錄。請稍後再試。",
          "Something went wrong on the server; the error has been logged. Please try again later."),
    503: ("服务暂时不可用。请稍后再试。", "服務暫時不可用。請稍後再試。",
          "The service is not available just now. Please try again later."),
    507: ("服务器磁盘已满，本次保存未执行，已有信息不受影响。请稍后再试，或联系系统管理员。",
          "服務器磁盤已滿，本次保存未執行，已有信息不受影響。請稍後再試，或聯繫系統管理員。",
          "The server's disk is full, so nothing was saved; what was there is unharmed. "
          "Try again later, or tell the administrator."),
    None: ("请求未能完成。请稍后再试。", "請求未能完成。請稍後再試。",
           "The request could not be completed. Please try again later."),
}

# Labels of the search parameters that are not item fields (those have theirs in catalogue.items).
LABELS = {
    "q": ("检索词", "檢索詞", "Search terms"),
    "query": ("检索词", "檢索詞", "Search terms"),
    "year": ("年份", "年份", "Year"),
    "date_from": ("发布日期（起）", "發布日期（起）", "Published from"),
    "date_to": ("发布日期（止）", "發布日期（止）", "Published until"),
    "written_from": ("成文日期（起）", "成文日期（起）", "Written from"),
    "written_to": ("成文日期（止）", "成文日期（止）", "Written until"),
    "field": ("检索范围", "檢索範圍", "Search in"),
    "doc_prefix": ("机关代字", "機關代字", "Document-number series"),
    "doc_year": ("文号年份", "文號年份", "Document-number year"),
    "doc_number": ("文号序号", "文號序號", "Document-number number"),
    "group": ("结果分组", "結果分組", "Group results"),
    "sort": ("排序方式", "排序方式", "Sort order"),
    "page": ("页码", "頁碼", "Page"),
    "per_page": ("每页条数", "每頁條數", "Results per page"),
    "filters": ("筛选条件", "篩選條件", "Filters"),
    # staff forms' fields that are not item fields
    "secrecy_checked_by": ("保密审查人", "保密審查人", "Confidentiality checked by"),
    "change_note": ("修改说明", "修改說明", "Change note"),
    "comment": ("退回意见", "退回意見", "Reason for rejecting"),
    "reason": ("撤销原因", "撤銷原因", "Reason for withdrawing"),
    "state": ("状态", "狀態", "State"),
}

# What each link of the error page says (see ``next_links``).
LINKS = {
    "retry": ("去掉有误的条件再检索", "去掉有誤的條件再檢索", "Search again without the mistake"),
    "bodies": ("查看发布机构列表", "查看發布機構列表", "See the list of issuing bodies"),
    "again": ("稍后重新打开本页", "稍後重新打開本頁", "Open this page again in a moment"),
}


def label(lang, field):
    """The label of ``field`` (a search parameter or item field) in ``lang``; unknown names as given."""
    if field in LABELS:
        return LABELS[field][i18n.column(lang)]
    if field in i18n.FIELD_BY_NAME:
        return i18n.field_label(lang, field)
    return field or ""


def _choices(lang, field, choices):
    if field in ("sort", "state"):
        shown = [i18n.text(lang, f"{field}_{c}") for c in choices]
    elif field == "filters":
        shown = [label(lang, c) for c in choices]
    else:
        shown = [in_script(lang, c) for c in choices]
    return ("、" if lang != "en" else ", ").join(shown)


def _quoted(value):
    """A value for a sentence: nothing for ``None``, a long one cut short."""
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > QUOTE_MAX:
        return value[:QUOTE_MAX] + "…"
    return value


def describe(lang, problem):
    """What is wrong and what to do, in ``lang``, for one ``Problem``."""
    column = i18n.column(lang)
    params = dict(problem.params)
    values = {"field": label(lang, problem.field)}
    values.update({k: _quoted(v) for k, v in params.items()})
    if "choices" in params:
        choices_of = "filters" if problem.code == "not_a_filter" else problem.field
        values["choices"] = _choices(lang, choices_of, params["choices"])
    if problem.code is None:
        if not problem.field:
            return STATUS_WORDING[400][column]
        return UNCODED[column].format(**values)
    wording = FIELD_WORDING.get((problem.code, problem.field)) or WORDING[problem.code]
    return wording[column].format(**values)


def status_text(lang, status):
    """The wording of an error that has no problem to tell, by its HTTP status."""
    return (STATUS_WORDING.get(status) or STATUS_WORDING[None])[i18n.column(lang)]


def link_text(lang, key):
    return LINKS[key][i18n.column(lang)]
