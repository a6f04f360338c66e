"""The body registry every test catalogue uses: one province, four departments, two cities, a county.

The one source of truth for tests/conftest.py (``bodies_file``),
search_fixtures.py and web_fixtures.py: three levels, short names, one code,
enough for issuers, parents, the issuer tree and generated index numbers.
"""

import textwrap

BODIES_YAML = textwrap.dedent("""\
    - name: 黑龙江省人民政府
      short: 省政府
      code: "11230000001"
      level: 省
    - name: 黑龙江省人民政府办公厅
      short: 省政府办公厅
      parent: 黑龙江省人民政府
      level: 省
    - name: 黑龙江省财政厅
      short: 省财政厅
      parent: 黑龙江省人民政府
      level: 省
    - name: 黑龙江省民政厅
      short: 省民政厅
      parent: 黑龙江省人民政府
      level: 省
    - name: 黑龙江省住房和城乡建设厅
      short: 省住房城乡建设厅
      parent: 黑龙江省人民政府
      level: 省
    - name: 哈尔滨市人民政府
      short: 哈尔滨市政府
      parent: 黑龙江省人民政府
      level: 市
    - name: 宾县人民政府
      short: 宾县政府
      parent: 哈尔滨市人民政府
      level: 县
    - name: 齐齐哈尔市人民政府
      short: 齐齐哈尔市政府
      parent: 黑龙江省人民政府
      level: 市
""")
BODY_COUNT = BODIES_YAML.count("- name: ")


def write_bodies(path):
    """Write the registry to ``path`` (a YAML file) and return the path."""
    path.write_text(BODIES_YAML, encoding="utf-8")
    return path
