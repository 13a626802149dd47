"""Submit a form the way a browser does: read it from the page and send back what the browser would.

What a browser sends by default is part of the behaviour (a range input always sends its value;
an unticked box sends nothing), so tests fill in what a person would change and leave the rest
as rendered. Naming a field the form does not have is an error: no hand-made bodies.
"""
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

TEXT_LIKE = {"text", "hidden", "email", "password", "date", "number", "range", "search", "tel", "url", ""}


@dataclass
class Control:
    tag: str
    name: str
    kind: str = ""
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # select: (value, selected)
    multiple: bool = False
    label: str = ""  # a button's text


@dataclass
class Form:
    action: str
    method: str
    controls: list[Control]
    in_main: bool = False

    def names(self) -> set[str]:
        return {c.name for c in self.controls}

    def data(self, button: str | None = None, **changes) -> list[tuple[str, str]]:
        """The (name, value) pairs a browser sends, after the person made these changes.

        changes: name → text for a field, a value to choose for radios and selects, True/False for
        a single check box, or a list of values to tick in a group of check boxes.
        """
        unknown = set(changes) - self.names()
        assert not unknown, f"the form has no field {sorted(unknown)}; it has {sorted(self.names())}"
        sent: list[tuple[str, str]] = []
        buttons = [c for c in self.controls if c.tag == "button" or c.kind == "submit"]
        pressed = _pressed(buttons, button)
        for control in self.controls:
            wanted = changes.get(control.name, _unset)
            if control in buttons:
                if control is pressed and control.name:
                    sent.append((control.name, control.value))
            elif control.kind in ("checkbox", "radio"):
                if wanted is _unset:
                    on = control.checked
                elif isinstance(wanted, bool):
                    on = wanted
                elif isinstance(wanted, (list, tuple, set)):
                    on = control.value in wanted
                else:
                    on = control.value == str(wanted)
                if on:
                    sent.append((control.name, control.value or "on"))
            elif control.tag == "select":
                values = [v for v, selected in control.options if selected] or [v for v, _ in control.options[:1]]
                if wanted is not _unset:
                    values = [str(v) for v in wanted] if isinstance(wanted, (list, tuple)) else [str(wanted)]
                    offered = {v for v, _ in control.options}
                    assert set(values) <= offered, f"{control.name}: {values} is not offered ({sorted(offered)})"
                sent.extend((control.name, v) for v in values)
            else:
                sent.append((control.name, control.value if wanted is _unset else str(wanted)))
        return sent

    def submit(self, client, button: str | None = None, tampered: list[tuple[str, str]] = (), follow: bool = False, **changes):
        """Send the form. tampered: pairs no rendered page sends, put in on purpose by an attacker's test;
        they replace what the page would send under the same names. follow: on to the page a
        redirect leads to, as a browser goes."""
        replaced = {name for name, _value in tampered}
        sent = [pair for pair in self.data(button, **changes) if pair[0] not in replaced] + list(tampered)
        return client.open(self.action, method=self.method.upper(), data=_multidict(sent), follow_redirects=follow)


_unset = object()


def _pressed(buttons: list[Control], button: str | None) -> Control | None:
    if button is None:
        return buttons[0] if buttons else None  # pressing Enter sends the first button
    found = [b for b in buttons if button in (b.name, b.value, b.label)]
    assert found, f"no button {button!r}; buttons: {[(b.name, b.label or b.value) for b in buttons]}"
    return found[0]


def _multidict(pairs):
    from werkzeug.datastructures import MultiDict

    return MultiDict(pairs)


class _Parser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Control | None = None
        self._option: list | None = None
        self._text: Control | None = None
        self._in_main = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "main":
            self._in_main = True
        if tag == "form":
            self._form = Form(a.get("action") or self.page_url, a.get("method", "get"), [], self._in_main)
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and (name or a.get("type") == "submit"):
            kind = a.get("type", "text").lower()
            value = a.get("value")
            if value is None and kind == "range":
                low, high = float(a.get("min", 0)), float(a.get("max", 100))
                value = str(int(low + (high - low) / 2))
            self._form.controls.append(Control("input", name, kind, value or "", "checked" in a, label=a.get("value", "")))
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._text = Control("button", name, "submit", a.get("value", ""))
            self._form.controls.append(self._text)
        elif tag == "select" and name:
            self._select = Control("select", name, multiple="multiple" in a)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and name:
            self._text = Control("textarea", name)
            self._form.controls.append(self._text)

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        elif self._text is not None:
            if self._text.tag == "textarea":
                self._text.value += data
            else:
                self._text.label += data

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            value, selected, label = self._option
            self._select.options.append((value if value is not None else label.strip(), selected))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag in ("textarea", "button"):
            if self._text is not None and self._text.tag == "textarea" and self._text.value.startswith("\n"):
                self._text.value = self._text.value[1:]  # HTML drops one leading newline
            if self._text is not None:
                self._text.label = self._text.label.strip()
            self._text = None


def forms_of(response) -> list[Form]:
    """Every form on the page; a form without action posts to the page's own address, query included."""
    url = urlsplit(response.request.url)
    parser = _Parser(url.path + (f"?{url.query}" if url.query else ""))
    parser.feed(response.get_data(as_text=True))
    return parser.forms


def page_form(response, action: str | None = None, index: int = 0) -> Form:
    """The form on this page that posts to action (a path; query ignored), else the index-th form
    in the page's main content (the header's sign-out and language forms are not counted)."""
    found = forms_of(response)
    if action is not None:
        found = [f for f in found if urlsplit(f.action).path == action]
        assert found, f"no form posts to {action}"
    else:
        found = [f for f in found if f.in_main]
        assert found, "no form in the page's main content"
    return found[index]
