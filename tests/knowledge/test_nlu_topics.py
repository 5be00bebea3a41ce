from knowledge import corpus, nlu_topics


def test_topics_file_is_up_to_date_with_the_articles() -> None:
    expected = nlu_topics.render(corpus.load())

    assert nlu_topics.TOPICS_FILE.read_text(encoding="utf-8") == expected, (
        "run `python -m knowledge nlu-topics` after changing article titles"
    )


def test_render_lists_each_title_once() -> None:
    articles = corpus.load()

    lines = [
        line for line in nlu_topics.render(articles).splitlines() if line.startswith("      - ")
    ]

    assert len(lines) == len({line.lower() for line in lines})
    assert len(lines) >= len({a.id for a in articles})
