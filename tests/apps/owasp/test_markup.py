"""Markdown of www-* pages read as owasp.org's kramdown (GFM mode) renders it, on real pages and minimal cases."""

from apps.owasp.sources.markup import leaders_markdown, markdown_links, markdown_to_html
from apps.owasp.sources.parsing import split_front_matter

BASE = "https://owasp.org/www-project-x/"


def body_of(data_dir, repo, name="index.md"):
    path = data_dir / "owasp-repos" / repo / name
    return split_front_matter(path.read_text(), what=str(path))[1]


def test_a_list_right_after_a_paragraph_is_a_list():
    html = markdown_to_html("The specification supports:\n* SBOM\n* SaaSBOM\n", base_url=BASE)

    assert html == "<p>The specification supports:</p>\n<ul>\n<li>SBOM</li>\n<li>SaaSBOM</li>\n</ul>"


def test_cyclonedx_lists_what_its_specification_supports(data_dir):
    # index.md: "The specification supports:" with the list on the next line, no blank line between.
    html = markdown_to_html(body_of(data_dir, "www-project-cyclonedx"), base_url=BASE)

    assert "<li>Software Bill of Materials (SBOM)</li>" in html
    assert "* Software" not in html


def test_a_link_around_a_badge_keeps_the_badges_text_and_the_links_target():
    links = markdown_links(
        "[![OWASP Flagship](https://img.shields.io/badge/x.svg)](https://owasp.org/projects/)", base_url=BASE
    )

    assert links == [("", "OWASP Flagship", "https://owasp.org/projects/")]


def test_amass_badges_link_to_their_targets_not_to_the_badge_images(data_dir):
    links = markdown_links(body_of(data_dir, "www-project-amass"), base_url="https://owasp.org/www-project-amass/")

    assert ("", "GitHub Release", "https://github.com/owasp-amass/amass/releases") in links
    assert ("", "Docker Images", "https://hub.docker.com/r/caffix/amass") in links
    assert not [url for _section, _title, url in links if "img.shields.io" in url]
    assert not [title for _section, title, _url in links if "[" in title or title.startswith("!")]


def test_sidebar_sections_come_from_headings_and_bold_lines_but_a_bold_link_stays_a_link():
    text = "### Downloads\n* [Guide](guide.pdf)\n\n**Social**:\n\n**[Twitter](https://twitter.com/owasp)**\n"

    assert markdown_links(text, base_url=BASE) == [
        ("Downloads", "Guide", "https://owasp.org/www-project-x/guide.pdf"),
        ("Social", "Twitter", "https://twitter.com/owasp"),
    ]


def test_strikethrough_and_raw_html_links_as_gfm_renders_them():
    html = markdown_to_html('~~old~~ and <a href="/www-project-top-ten">Top Ten</a>', base_url=BASE)

    assert "<s>old</s>" in html
    assert 'href="https://owasp.org/www-project-top-ten"' in html


def test_leaders_keep_the_role_written_beside_their_name(data_dir):
    committee = leaders_markdown(body_of(data_dir, "www-committee-project", "leaders.md"))

    # **Leaders** first; **Committee Members** and **Liaisons** below are not leaders.
    assert committee == [
        ("Bjoern Kimminich", "bjoern.kimminich@owasp.org", "Chair"),
        ("Jeff Foley", "jeff.foley@owasp.org", "Vice Chair"),
        ("Donnie Brown", "donnie.brown@owasp.org", "Secretary"),
    ]
    # A parenthesis inside the link is part of the name; a Twitter link after it is not a role.
    zap = leaders_markdown(body_of(data_dir, "www-project-zap", "leaders.md"))
    assert zap[0] == ("Simon Bennetts (psiinon)", "psiinon@gmail.com", "")
    wrongsecrets = leaders_markdown(body_of(data_dir, "www-project-wrongsecrets", "leaders.md"))
    assert wrongsecrets[0] == ("Jeroen Willemsen", "jeroen.willemsen@owasp.org", "")
    # "mailto://" (sic) still gives the address.
    assert leaders_markdown(body_of(data_dir, "www-project-amass", "leaders.md")) == [
        ("Jeff Foley", "jeff.foley@owasp.org", "")
    ]


def test_leader_roles_in_minimal_forms():
    text = "### Leaders\n* Jane Doe - Board Member\n* John Roe (Chair)\n* Ann Poe (Annie)\n* ![photo](a.png)\n"

    assert leaders_markdown(text) == [
        ("Jane Doe", "", "Board Member"),
        ("John Roe", "", "Chair"),
        ("Ann Poe (Annie)", "", ""),
    ]
