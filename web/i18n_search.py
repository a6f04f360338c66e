"""Interface text of the advanced search, date ranges, grouped results, zero-results help and long facets.

Same shape as ``web.i18n.TEXT`` (Simplified, Traditional, English), merged
into it; kept apart so the search page's additions read together.

What can go wrong: a key defined here and in ``web.i18n`` raises
``KeyError`` at import (``web.i18n`` checks).
"""

SEARCH_TEXT = {
    # Chips of the active date filters.
    "chip_date_from": ("发布日期起：{value}", "發布日期起：{value}", "Published from {value}"),
    "chip_date_to": ("发布日期止：{value}", "發布日期止：{value}", "Published until {value}"),
    "chip_written_from": ("成文日期起：{value}", "成文日期起：{value}", "Written from {value}"),
    "chip_written_to": ("成文日期止：{value}", "成文日期止：{value}", "Written until {value}"),
    "chip_field": ("仅检索标题", "僅檢索標題", "Titles only"),
    "chip_doc_prefix": ("机关代字：{value}", "機關代字：{value}", "Series: {value}"),
    "chip_doc_year": ("文号年份：{value}", "文號年份：{value}", "Document-number year: {value}"),
    "chip_doc_number": ("文号序号：{value}", "文號序號：{value}", "Document-number number: {value}"),
    # The advanced form (/search/advanced).
    "advanced_link": ("高级检索", "高級檢索", "Advanced search"),
    "advanced_title": ("高级检索", "高級檢索", "Advanced search"),
    "advanced_intro": ("按标题、发布机构、文号、日期等条件组合检索。提交后的网址可以收藏或分享。",
                       "按標題、發布機構、文號、日期等條件組合檢索。提交後的網址可以收藏或分享。",
                       "Combine words, issuing body, document number, dates and more. The address of "
                       "the results can be bookmarked or shared."),
    "adv_words": ("检索词", "檢索詞", "Words"),
    "adv_scope": ("检索范围", "檢索範圍", "Search in"),
    "adv_scope_text": ("全文（标题、主题词、内容概述、正文）", "全文（標題、主題詞、內容概述、正文）",
                       "Full text (title, keywords, summary, text)"),
    "adv_scope_title": ("仅标题", "僅標題", "Titles only"),
    "adv_issuer": ("发布机构（含下级机构）", "發布機構（含下級機構）", "Issuing body (with the bodies under it)"),
    "adv_any": ("不限", "不限", "Any"),
    "adv_docno": ("发文字号", "發文字號", "Document number"),
    "adv_doc_prefix": ("机关代字", "機關代字", "Series"),
    "adv_doc_prefix_hint": ("如 黑政办发", "如 黑政辦發", "e.g. 黑政办发"),
    "adv_doc_year": ("年份", "年份", "Year"),
    "adv_doc_number": ("序号", "序號", "Number"),
    "adv_docno_hint": ("例如机关代字“黑政办发”、年份“2011”、序号“43”可找到黑政办发〔2011〕43号；可只填其中几项。",
                       "例如機關代字“黑政辦發”、年份“2011”、序號“43”可找到黑政辦發〔2011〕43號；可只填其中幾項。",
                       "Series 黑政办发, year 2011 and number 43 find 黑政办发〔2011〕43号; any of the three "
                       "may be left empty."),
    "adv_year": ("发布年份", "發布年份", "Year published"),
    "adv_year_hint": ("如 2012、2010..2012、2010..（2010 年以来）、..2012（2012 年以前）",
                      "如 2012、2010..2012、2010..（2010 年以來）、..2012（2012 年以前）",
                      "e.g. 2012, 2010..2012, 2010.. (since 2010), ..2012 (until 2012)"),
    "adv_dates": ("发布日期", "發布日期", "Date published"),
    "adv_written": ("成文日期", "成文日期", "Date written"),
    "adv_from": ("起", "起", "From"),
    "adv_to": ("止", "止", "Until"),
    "adv_date_hint": ("日期格式 2012-05-18，两端都包含；可只填一端。",
                      "日期格式 2012-05-18，兩端都包含；可只填一端。",
                      "Dates as 2012-05-18, both days included; either end may be left empty."),
    "adv_group": ("结果分组", "結果分組", "Group results"),
    "adv_group_none": ("不分组", "不分組", "No grouping"),
    "adv_submit": ("检索", "檢索", "Search"),
    "adv_reset": ("清空", "清空", "Clear"),
    "syntax_title": ("检索框的写法", "檢索框的寫法", "How to write a search"),
    "syntax_and": ("空格隔开的几个词须同时出现：政务公开 2012", "空格隔開的幾個詞須同時出現：政務公開 2012",
                   "Words separated by spaces must all appear: 政务公开 2012"),
    "syntax_phrase": ("加英文引号检索完整短语：\"信息公开指南\"", "加英文引號檢索完整短語：\"信息公開指南\"",
                      "Quotes find the exact phrase: \"信息公开指南\""),
    "syntax_not": ("词前加减号排除：补偿 -征地", "詞前加減號排除：補償 -徵地",
                   "A minus sign leaves a word out: 补偿 -征地"),
    "syntax_or": ("用 OR 表示任一：低保 OR 救助", "用 OR 表示任一：低保 OR 救助",
                  "OR finds either word: 低保 OR 救助"),
    "syntax_fields": ("限定字段：title:年度报告（标题）、issuer:财政厅（发布机构）、doc_no:黑政办发（文号）、"
                      "year:2010..2012（年份）",
                      "限定字段：title:年度報告（標題）、issuer:財政廳（發布機構）、doc_no:黑政辦發（文號）、"
                      "year:2010..2012（年份）",
                      "Fields: title:年度报告 (title), issuer:财政厅 (issuing body), doc_no:黑政办发 "
                      "(document number), year:2010..2012 (year)"),
    "syntax_docno": ("直接输入文号或索引号可找到该文件：黑政办发〔2011〕43号",
                     "直接輸入文號或索引號可找到該文件：黑政辦發〔2011〕43號",
                     "A document number or index number finds its item: 黑政办发〔2011〕43号"),
    "syntax_script": ("简体、繁体均可检索。", "簡體、繁體均可檢索。", "Simplified and Traditional both work."),
    # Zero results: what to try next.
    "zero_searched": ("您检索的是：{query}", "您檢索的是：{query}", "You searched for: {query}"),
    "zero_remove": ("去掉一个条件再试：", "去掉一個條件再試：", "Try again without one filter:"),
    "zero_remove_one": ("去掉“{value}”", "去掉“{value}”", "without “{value}”"),
    "zero_unfiltered": ("去掉全部条件，只检索“{query}”（{n} 条）", "去掉全部條件，只檢索“{query}”（{n} 條）",
                        ("Search “{query}” without any filter ({n} item)",
                         "Search “{query}” without any filter ({n} items)")),
    "zero_tips_title": ("检索建议", "檢索建議", "Tips"),
    "zero_tip_fewer": ("减少检索词，或换用意思相近的词（如“低保”与“最低生活保障”）。",
                       "減少檢索詞，或換用意思相近的詞（如“低保”與“最低生活保障”）。",
                       "Use fewer words, or words that mean the same (低保 for 最低生活保障)."),
    "zero_tip_title": ("只记得文件名称的一部分时，直接输入这几个字即可。",
                       "只記得文件名稱的一部分時，直接輸入這幾個字即可。",
                       "If you remember part of a title, type just those characters."),
    "zero_tip_advanced": ("用高级检索按发布机构、文号或日期查找", "用高級檢索按發布機構、文號或日期查找",
                          "Use the advanced search to look by issuing body, document number or date"),
    # Grouped results (group=genre|topic|issuer).
    "group_by_genre": ("按体裁分组", "按體裁分組", "By genre"),
    "group_by_topic": ("按主题分类分组", "按主題分類分組", "By topic"),
    "group_by_issuer": ("按发布机构分组", "按發布機構分組", "By issuing body"),
    "group_more": ("查看“{value}”的全部 {n} 条", "查看“{value}”的全部 {n} 條",
                   ("See the {n} item of “{value}”", "See all {n} items of “{value}”")),
    # Long facet lists.
    "facet_show_all": ("显示全部（{n} 项）", "顯示全部（{n} 項）", "Show all ({n})"),
    "facet_show_fewer": ("收起", "收起", "Show fewer"),
    "facet_filter": ("查找发布机构", "查找發布機構", "Find an issuing body"),
    "facet_filter_none": ("没有名称相符的发布机构。", "沒有名稱相符的發布機構。", "No issuing body has that name."),
}
