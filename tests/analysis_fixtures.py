"""A small jieba configuration for the analysis tests: a fixture user dictionary and stop words.

Imported by tests/test_analysis.py, tests/test_segmenter.py and
tests/test_synonyms.py. ``configured`` configures the segmenter with the
fixture files before each test (cheap when already so); after the module the
configuration is forgotten, so no fixture dictionary is left for the others.
"""

import pytest

from index import segmenter

USERDICT = "依申请公开 20000 vn\n政务公开 20000 n\n"
STOPWORDS = "# function words only\n的\n了\n和\n與\n"
BODY = "黑龙江省人民政府办公厅"


def write_data(folder, userdict=USERDICT, stopwords=STOPWORDS):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "userdict.txt").write_text(userdict, encoding="utf-8")
    (folder / "stopwords.txt").write_text(stopwords, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    yield write_data(tmp_path_factory.mktemp("data"))
    # Leave no fixture dictionary behind for other test modules.
    segmenter.reset()


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("home")


@pytest.fixture
def configured(data_dir, cache_dir):
    # Cheap when already configured so; rebuilds after a test configured otherwise.
    segmenter.configure(data_dir, cache_dir)
