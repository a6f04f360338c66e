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

    # -- S3b: bulk upload (/staff/import) --
    "import_title": ("批量导入", "批量導入", "Bulk import"),
    "import_intro": ("上传 CSV、YAML 或 JSON Lines 文件。系统先检查每一行并显示预览，您确认后才导入；文件中有任何问题，就一条也不导入。",
                     "上傳 CSV、YAML 或 JSON Lines 文件。系統先檢查每一行並顯示預覽，您確認後才導入；文件中有任何問題，就一條也不導入。",
                     "Upload a CSV, YAML or JSON Lines file. Every row is checked first and shown as a "
                     "preview; nothing is imported until you confirm, and nothing at all if any row has a "
                     "problem."),
    "import_upload_heading": ("上传文件", "上傳文件", "Upload a file"),
    "import_file_label": ("信息文件", "信息文件", "File of items"),
    "import_file_hint": ("{formats}，UTF-8 编码，最大 {mb} MB。每行一条信息，表头用中文或英文字段名。",
                         "{formats}，UTF-8 編碼，最大 {mb} MB。每行一條信息，表頭用中文或英文字段名。",
                         "{formats}, in UTF-8, at most {mb} MB. One item a row; the header names the "
                         "fields in Chinese or English."),
    "import_template_link": ("下载 CSV 模板（含中文表头和一行示例）",
                             "下載 CSV 模板（含中文表頭和一行示例）",
                             "Download the CSV template (Chinese headers and one example row)"),
    "import_secrecy": ("保密审查人", "保密審查人", "Confidentiality review by"),
    "import_secrecy_hint": ("填写对这些信息进行保密审查的人员姓名，将记入每条信息和审计日志。",
                            "填寫對這些信息進行保密審查的人員姓名，將記入每條信息和審計日誌。",
                            "The name of who did the confidentiality review (保密审查) of these items; it is "
                            "recorded with each item and in the audit trail."),
    "import_check": ("检查文件", "檢查文件", "Check the file"),
    "import_preview_title": ("导入预览", "導入預覽", "Import preview"),
    "import_summary": ("文件“{file}”共 {n} 行。",
                       "文件“{file}”共 {n} 行。",
                       ("The file “{file}” has {n} row.",
                        "The file “{file}” has {n} rows.")),
    "import_state_count": ("{state}：{n} 条", "{state}：{n} 條", ("{state}: {n} item", "{state}: {n} items")),
    "import_state_published": ("直接发布", "直接發佈", "Published"),
    "import_state_scheduled": ("已排期（到发布日期自动公开）", "已排期（到發佈日期自動公開）", "Scheduled (public on its date)"),
    "import_state_submitted": ("提交审核", "提交審覈", "Submitted for review"),
    "import_state_draft": ("草稿", "草稿", "Draft"),
    "import_state_bad": ("有误，不导入", "有誤，不導入", "Has problems"),
    "import_problems_title": ("发现的问题", "發現的問題", "Problems found"),
    "import_problems_summary": ("共 {n} 处问题，涉及 {rows} 行，未导入任何信息。请改正文件后重新上传。",
                                "共 {n} 處問題，涉及 {rows} 行，未導入任何信息。請改正文件後重新上傳。",
                                ("{n} problem found; nothing was imported. Correct the file and upload it "
                                 "again.",
                                 "{n} problems found; nothing was imported. Correct the file and upload it "
                                 "again.")),
    "import_file_problems": ("整个文件的问题", "整個文件的問題", "Problems with the whole file"),
    "import_rows_title": ("各行内容", "各行內容", "The rows"),
    "import_col_line": ("行", "行", "Line"),
    "import_col_field": ("字段", "字段", "Field"),
    "import_col_problem": ("问题", "問題", "Problem"),
    "import_col_state": ("导入后状态", "導入後狀態", "State after import"),
    "import_confirm_title": ("确认导入", "確認導入", "Confirm the import"),
    "import_confirm_hint": ("全部行将在一次操作中导入：要么全部成功，要么一条也不导入。",
                            "全部行將在一次操作中導入：要麼全部成功，要麼一條也不導入。",
                            "All rows are imported in one step: all of them, or none."),
    "import_confirm": ("确认导入 {n} 条", "確認導入 {n} 條", ("Import {n} item", "Import {n} items")),
    "import_cancel": ("取消", "取消", "Cancel"),
    "import_done_title": ("导入完成", "導入完成", "Import done"),
    "import_done_summary": ("已从“{file}”导入 {n} 条信息：",
                            "已從“{file}”導入 {n} 條信息：",
                            ("Imported {n} item from “{file}”:",
                             "Imported {n} items from “{file}”:")),
    "import_done_published": ("已发布", "已發佈", "Published"),
    "import_done_scheduled": ("已排期", "已排期", "Scheduled"),
    "import_done_submitted": ("待审核", "待審覈", "Waiting for review"),
    "import_another": ("再导入一个文件", "再導入一個文件", "Import another file"),
    "import_whole_row": ("整行", "整行", "Whole row"),
    "import_header": ("表头", "表頭", "Header row"),
    "import_no_file": ("请选择要上传的文件。", "請選擇要上傳的文件。", "Choose a file to upload."),
    "import_secrecy_needed": ("请填写保密审查人：信息提交或发布前须经保密审查。",
                              "請填寫保密審查人：信息提交或發佈前須經保密審查。",
                              "Name who did the confidentiality review (保密审查): it is required before items "
                              "are submitted or published."),
    "import_bad_type": ("“{name}”不是可导入的文件类型。请上传 .csv、.yaml、.yml 或 .jsonl 文件。",
                        "“{name}”不是可導入的文件類型。請上傳 .csv、.yaml、.yml 或 .jsonl 文件。",
                        "“{name}” is not a file type that can be imported. Upload a .csv, .yaml, .yml or "
                        ".jsonl file."),
    "import_too_large": ("文件太大：最大 {mb} MB。请拆分成几个文件分别上传。",
                         "文件太大：最大 {mb} MB。請拆分成幾個文件分別上傳。",
                         "The file is too large: at most {mb} MB. Split it into several files and upload "
                         "each."),
    "import_empty": ("“{name}”是空文件。", "“{name}”是空文件。", "“{name}” is empty."),
    "import_gone": ("这次上传已失效（已导入、已取消、超过一小时，或不是您上传的）。请重新上传文件。",
                    "這次上傳已失效（已導入、已取消、超過一小時，或不是您上傳的）。請重新上傳文件。",
                    "This upload is no longer there (imported, cancelled, older than an hour, or not "
                    "yours). Upload the file again."),
    "import_busy": ("这个文件正在导入，请稍候查看结果。",
                    "這個文件正在導入，請稍候查看結果。",
                    "This file is being imported; wait a moment and look at the result."),
}
