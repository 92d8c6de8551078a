from observatoire.blog.rendering import markdown_to_html


def test_markdown_is_rendered():
    html = markdown_to_html("## Titre\n\nUn **texte** et [un lien](https://example.org).")
    assert "<h2>Titre</h2>" in html
    assert "<strong>texte</strong>" in html
    assert 'href="https://example.org"' in html


def test_scripts_handlers_and_dangerous_links_are_removed():
    html = markdown_to_html(
        '<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)">\n\n'
        "[clic](javascript:alert(3)) <iframe src='https://evil'></iframe>"
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
