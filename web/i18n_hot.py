"""Interface text of hot and related searches and the staff pages behind them (/staff/hot, /staff/synonyms).

In the same (Simplified, Traditional, English) form as ``web.i18n``, which
merges them into its one table (a key used twice is an error at import).

What can go wrong: nothing at run time.
"""

HOT_TEXT = {
    "hot_title": ("热门搜索", "熱門搜索", "Popular searches"),
    "hot_days_7": ("近 7 天", "近 7 天", "Last 7 days"),
    "hot_days_30": ("近 30 天", "近 30 天", "Last 30 days"),
    "hot_count": ("{n} 次", "{n} 次", ("searched once", "searched {n} times")),
    "related_title": ("相关搜索", "相關搜索", "Related searches"),
    "nav_hot": ("热门搜索", "熱門搜索", "Popular searches"),
    "staff_hot_title": ("热门搜索管理", "熱門搜索管理", "Popular searches"),
    "staff_hot_intro": ("近 {days} 天公众检索最多的词（只计有结果的检索，不记录任何个人信息）。检索满 {n} 次后在首页和相关搜索中显示；隐藏的词不再显示，每次隐藏和恢复都记入操作日志。",
                        "近 {days} 天公衆檢索最多的詞（只計有結果的檢索，不記錄任何個人信息）。檢索滿 {n} 次後在首頁和相關搜索中顯示；隱藏的詞不再顯示，每次隱藏和恢復都記入操作日誌。",
                        "The queries the public searched most in the last {days} days (searches that found "
                        "something; nothing personal is kept). A query is shown on the home page and in "
                        "related searches once searched {n} times; a hidden query is not shown, and each "
                        "hiding and showing is in the audit trail."),
    "staff_hot_none": ("还没有检索记录。", "還沒有檢索記錄。", "Nothing has been searched yet."),
    "col_query": ("检索词", "檢索詞", "Query"),
    "col_searches": ("检索次数", "檢索次數", "Searches"),
    "col_shown": ("状态", "狀態", "State"),
    "hot_shown": ("显示", "顯示", "shown"),
    "hot_hidden": ("已隐藏", "已隱藏", "hidden"),
    "hot_hide": ("隐藏“{query}”", "隱藏“{query}”", "Hide “{query}”"),
    "hot_show": ("恢复“{query}”", "恢復“{query}”", "Show “{query}”"),
    "nav_synonyms": ("同义词", "同義詞", "Synonyms"),
    "synonyms_title": ("同义词管理", "同義詞管理", "Synonyms"),
    "synonyms_intro": ("检索时，一组中的任一个词都能找到含有同组其他词的信息（如“低保”找到“最低生活保障”）。修改立即对下一次检索生效，无需重建索引，并记入操作日志。",
                       "檢索時，一組中的任一個詞都能找到含有同組其他詞的信息（如“低保”找到“最低生活保障”）。修改立即對下一次檢索生效，無需重建索引，並記入操作日誌。",
                       "A search for any term of a group also finds the items holding the group's other "
                       "terms (低保 finds 最低生活保障). A change applies from the next search on, with "
                       "no reindex, and is in the audit trail."),
    "synonyms_terms": ("新的一组同义词", "新的一組同義詞", "A new group of synonyms"),
    "synonyms_terms_hint": ("两个或更多的词，用空格、逗号或顿号分开。", "兩個或更多的詞，用空格、逗號或頓號分開。",
                            "Two or more terms, separated by spaces, commas or 、."),
    "synonyms_add": ("添加", "添加", "Add"),
    "synonyms_none": ("还没有同义词。", "還沒有同義詞。", "There are no synonyms yet."),
    "col_synonyms": ("同义词", "同義詞", "Synonyms"),
    "synonyms_remove_col": ("删除", "刪除", "Remove"),
    "synonyms_remove": ("删除“{terms}”", "刪除“{terms}”", "Remove “{terms}”"),
    "audit_action_query_hide": ("隐藏热门搜索词", "隱藏熱門搜索詞", "hid a popular search"),
    "audit_action_query_show": ("恢复热门搜索词", "恢復熱門搜索詞", "showed a popular search again"),
    "audit_action_synonyms_edit": ("修改同义词", "修改同義詞", "changed the synonyms"),
}
