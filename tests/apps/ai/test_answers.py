"""Question answering on the real OWASP data with the local model: the offline extractive answers, their
sources, the thresholds that decline what is not about OWASP (tuned on the retrieval set's 37 real questions
and the questions below), and the question's validation."""

import dataclasses

import pytest

from apps.ai.services import answers
from apps.ai.services.answers import InvalidQuestion, Passage, Source, clean_question
from apps.assistant.answers import ask, retrieve
from tests.apps.ai.retrieval import questions

# Questions that are not about OWASP: each must be declined.
OFF_TOPIC = [
    "What is the capital of Australia?",
    "How do I bake sourdough bread at home?",
    "Who won the football world cup in 2018?",
    "Recommend a good science fiction novel to read on holiday",
    "How many calories are in a banana?",
    "What is the boiling point of water at sea level?",
    "Translate good morning into Japanese",
    "How do I change a flat tire on my bicycle?",
    "What is the best time of year to visit Iceland?",
    "Write a poem about autumn leaves",
    "What are the rules of chess castling?",
    "How tall is Mount Everest?",
]


def short_keys(owasp_keys):
    from cms.models import OwaspPage

    return {page.specific.short_key for page in OwaspPage.objects.filter(owasp_key__in=owasp_keys)}


def test_a_question_is_answered_from_the_right_project_with_its_source(embedded):
    result = ask("Which project is an intentionally insecure web application for security training?")

    assert result.status == "answered" and result.mode == "extractive"
    first = result.sources[0]
    assert (first.title, first.type, first.key) == ("OWASP Juice Shop", "project", "juice-shop")
    assert first.url.startswith("/") and first.url.rstrip("/").endswith("juice-shop")
    # The answer is the passage condensed, with the entity it comes from.
    assert result.answer.startswith("OWASP Juice Shop: ")
    assert result.excerpts[0]["source"] == 0
    assert "insecure" in result.excerpts[0]["text"].lower()
    assert len(result.excerpts[0]["text"]) <= answers.CHARS_PER_SOURCE + 2


def test_a_chapter_question_cites_the_chapter(embedded):
    result = ask("Is there an OWASP chapter in London?")

    assert result.status == "answered"
    assert result.sources[0].type == "chapter"
    assert "London" in result.sources[0].title


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_a_question_that_is_not_about_owasp_is_declined_politely(embedded, question):
    result = ask(question)

    assert result.status == "declined", (
        question,
        [(p.source.title, round(p.score, 3)) for p in retrieve(question)[:3]],
    )
    assert result.sources == [] and "Sorry" in result.answer and "OWASP" in result.answer


def test_the_thresholds_answer_the_real_questions(embedded):
    """The retrieval set's questions are about OWASP: nearly all are answered, most with a right source."""
    outcomes = []
    for item in questions():
        result = ask(item["question"])
        expected = short_keys(item["expected"])
        found = [s.key for s in result.sources]
        outcomes.append((item["question"], result.status, bool(expected & set(found)), found))
    answered = [o for o in outcomes if o[1] == "answered"]
    right = [o for o in answered if o[2]]
    print(f"answered {len(answered)}/{len(outcomes)}, with a right source {len(right)}")
    assert len(answered) >= 0.9 * len(outcomes), [o for o in outcomes if o[1] != "answered"]
    assert len(right) >= 0.75 * len(outcomes), [o for o in outcomes if not o[2]]


def test_hybrid_retrieval_adds_what_only_the_lexical_search_found(embedded):
    passages = retrieve("cyclonedx")

    first = passages[0]
    assert first.source.key == "cyclonedx" and first.lexical == 1.0
    assert 0 < first.score <= 1  # scored by its own nearest chunk too


def test_nothing_embedded_declines(db):
    from apps.ai.models import EmbeddingIndex

    EmbeddingIndex.objects.all().delete()
    result = ask("an intentionally vulnerable web application")

    assert result.status == "declined"


def passage(title, score, lexical=0.0, text="A text."):
    return Passage(Source(title, f"/{title}/", "project", title.lower()), text, score, lexical)


def test_the_choice_of_passages():
    strong, close, far = passage("A", 0.6), passage("B", 0.52), passage("C", 0.40)
    question = "a text about A"

    assert answers.chosen(question, [far, strong, close]) == [strong, close]  # C is further than the margin
    assert answers.chosen(question, [passage("D", answers.MIN_SCORE - 0.01)]) == []
    # A lexical match of the name lowers the bar.
    named = passage("E", answers.MIN_SCORE_NAMED + 0.01, lexical=1.0)
    assert answers.chosen(question, [named]) == [named]
    assert answers.chosen(question, []) == []


def test_a_passage_must_share_a_word_with_the_question_besides_its_place():
    perth = Passage(
        Source("OWASP Perth", "/chapters/perth/", "chapter", "perth"),
        "OWASP Perth\nChapter in Perth, Western Australia, Australia\nThe local chapter for application security.",
        0.51,
    )

    assert not answers.grounded("What is the capital of Australia?", perth)
    assert answers.chosen("What is the capital of Australia?", [perth]) == []
    assert answers.grounded("Is there an application security chapter in Australia?", perth)
    # Very close in meaning, it needs no shared word.
    very_close = dataclasses.replace(perth, score=answers.STRONG_SCORE)
    assert answers.chosen("capital of Australia", [very_close]) == [very_close]


def test_condense_keeps_the_sentences_about_the_question():
    text = (
        "OWASP Juice Shop\nFlagship project, Tool\nProbably the most modern and sophisticated insecure web "
        "application. It can be used in security trainings. The weather was nice.\nLeaders: Björn Kimminich"
    )
    condensed = answers.condense("who leads juice shop?", passage("OWASP Juice Shop", 0.6, text=text))

    assert "Leaders: Björn Kimminich" in condensed
    assert "weather" not in condensed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "required"),
        ("", "blank"),
        ("   \n ", "blank"),
        ("a\x00b", "NUL"),
        ("x" * 501, "500"),
        (42, "text"),
        (["a"], "text"),
    ],
)
def test_a_question_that_cannot_be_asked(value, message):
    with pytest.raises(InvalidQuestion) as error:
        clean_question(value)
    assert message in error.value.message


def test_a_question_is_read_on_one_line():
    assert clean_question("  who leads\n juice   shop? ") == "who leads juice shop?"
    assert len(clean_question("x" * 500)) == 500
