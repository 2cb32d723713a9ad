"""Content rules that ``flask courses check`` and the loader run on every lesson file.

The rule kept here guards the most harmful mistake a lesson can teach. After installing a fake app
(or if someone may control the phone remotely) the order is always: 1. cut the connection
(airplane mode, Wi-Fi and mobile data off, or switch the phone off), 2. lock the bank account
(the bank's official hotline or a branch), 3. factory-reset and change passwords, 4. report to the
police. Calling the bank from a phone the scammer still controls lets them keep taking money.

A problem is reported, with its file and line, wherever a lesson puts "call the bank" before
"cut the connection":

- in the lesson text, a paragraph or a list where a bank phrase comes before a cut phrase, or
  that says to call the bank *first* after installing a strange app;
- in an ``order`` question, a bank step listed before a cut step (the listed order is the answer);
- in a ``single`` or ``multiple`` choice marked correct ``[x]``, or in the feedback of a correct
  choice or of an ``order`` question.

Choices marked wrong may say it (they teach why it is wrong), and so may a paragraph about money
already transferred, which rightly says "the bank first" without any cut phrase.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from learning.catalog.content import Problem
from learning.catalog.quiz_parser import CHOICE_RE, FEEDBACK_RE, QUESTION_RE, STEP_RE

Unit = list[tuple[int, str]]  # (line number, text) pairs read together
FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Phrases:
    """How the lessons of one language word each idea."""

    bank: re.Pattern[str]  # call, contact or tell the bank; lock the account; go to a branch
    cut: re.Pattern[str]  # cut the connection, airplane mode, Wi-Fi/data off, phone off
    after: re.Pattern[str]  # "after (having cut)", just before a cut phrase: the right order
    negation: re.Pattern[str]  # "don't", just before a bank phrase
    first: re.Pattern[str]  # "first", in the bank phrase's sentence
    installed: re.Pattern[str]  # having installed a strange or fake app


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)


W = r"[\w'’-]+\s+"  # one word and the space after it

PHRASES = {
    "vi": Phrases(
        bank=_any(
            r"(?<!thông\s)(?:gọi|liên\s+hệ|liên\s+lạc|báo)\s+(?:điện\s+)?(?:ngay\s+)?"
            r"(?:cho\s+|với\s+)?(?:(?:số\s+)?(?:tổng\s+đài|đường\s+dây\s+nóng|hotline)\s+"
            r"(?:chính\s+thức\s+)?(?:của\s+)?)?(?:ngay\s+)?ngân\s+hàng",
            r"gọi\s+(?:ngay\s+)?(?:cho\s+)?(?:số\s+)?(?:tổng\s+đài|đường\s+dây\s+nóng|hotline)"
            r"(?!\s*\d)",
            r"kh(?:óa|oá)\s+(?:ngay\s+)?tài\s+khoản(?!\s+(?:zalo|vneid|facebook|mạng))",
            r"(?:đến|ra)\s+(?:quầy(?:\s+giao\s+dịch)?|chi\s+nhánh|ngân\s+hàng)",
        ),
        cut=_any(
            r"ngắt\s+(?:hết\s+)?(?:kết\s+nối|mạng|internet|wi-?fi)",
            r"chế\s+độ\s+máy\s+bay",
            r"tắt\s+(?:hết\s+|cả\s+)?(?:wi-?fi|mạng|dữ\s+liệu|3g|4g|internet|kết\s+nối)",
            r"tắt\s+nguồn",
            r"tắt\s+(?:máy\s+)?điện\s+thoại",
        ),
        after=re.compile(r"sau\s+khi\s+(?:đã\s+)?(?:\S+\s+){0,2}$", FLAGS),
        negation=re.compile(r"(?:đừng|không|chớ|chưa)\s+(?:\S+\s+)?$", FLAGS),
        first=_any(r"trước\s+hết", r"trước\s+tiên", r"đầu\s+tiên", r"ngân\s+hàng\s+trước"),
        installed=_any(r"cài\s+(?:\S+\s+){0,3}?ứng\s+dụng", r"ứng\s+dụng\s+(?:lạ|giả)"),
    ),
    "fr": Phrases(
        bank=_any(
            rf"\b(?:appel\w*|téléphon\w*|contact\w*|préven\w*|avert\w*|joindre|joign\w*|"
            rf"signal\w*)\s+"
            rf"(?:{W}){{0,8}}?banque\b",
            r"\b(?:faites\s+|faire\s+)?bloqu(?:er|ez|e|ons)\s+(?:tout\s+de\s+suite\s+)?"
            r"(?:votre|le|son|ce)\s+"
            r"compte\b(?!\s+(?:zalo|vneid|facebook))",
            r"\b(?:allez|aller|rendez-vous|se\s+rendre)\s+(?:à\s+l['’]agence|au\s+guichet|"
            r"à\s+un\s+guichet|à\s+la\s+banque)",
            r"\b(?:la|votre)\s+banque\s+d['’]abord",
        ),
        cut=_any(
            rf"\bcoup\w*\s+(?:{W}){{0,4}}?(?:connexion|internet|réseau|wi-?fi|données)",
            rf"\b(?:connexion|wi-?fi|données|internet)\s+(?:{W}){{0,3}}?coupé",
            r"\bmode\s+avion\b",
            rf"\bdésactiv\w*\s+(?:{W}){{0,2}}?(?:wi-?fi|données|internet|connexion)",
            r"\bdéconnect\w*",
            rf"\bétei(?:gn\w*|ndre)\s+(?:{W}){{0,3}}?(?:téléphone|portable|appareil|smartphone)",
        ),
        after=re.compile(r"(?:\baprès\s+(?:avoir\s+)?|\bune\s+fois\s+)(?:\S+\s+){0,2}$", FLAGS),
        negation=re.compile(r"(?:\bn['’]|\bne\s+(?:pas\s+)?|\bjamais\s+|\bpas\s+)(?:\S+\s+)?$",
                            FLAGS),
        first=_any(r"\bd['’]abord\b", r"\ben\s+premier\b", r"\bavant\s+tout\b"),
        installed=_any(r"\binstall\w*\b[^.\n]{0,40}?\bappli", r"\bfausse\s+appli",
                       r"\bappli\w*\s+(?:suspecte|inconnue|douteuse|bizarre)"),
    ),
    "en": Phrases(
        bank=_any(
            r"\b(?:call|phone|ring|contact|tell|alert|notify)\s+(?:[\w'’-]+\s+){0,2}?bank\b",
            r"\bcall\s+(?:[\w'’-]+\s+){0,3}?(?:hotline|helpline)\b(?!\s*\d)",
            r"\block\s+(?:your\s+|the\s+)?(?:bank\s+)?account\b(?!\s+(?:on\s+)?(?:zalo|vneid|facebook))",
            r"\b(?:go\s+to|visit)\s+(?:a|the|your)\s+(?:bank\b|branch|counter)",
            r"\bthe\s+bank\s+first\b",
        ),
        cut=_any(
            r"\bcut\s+(?:off\s+)?(?:the\s+|your\s+|all\s+)?(?:phone's\s+)?"
            r"(?:connection|internet|network|data|wi-?fi)",
            r"\bdisconnect",
            r"\b(?:airplane|aeroplane|flight)\s+mode\b",
            r"\b(?:turn|switch)\s+off\s+(?:the\s+|your\s+)?(?:wi-?fi|mobile\s+data|data|"
            r"internet|connection)",
            r"\bdisable\s+(?:the\s+|your\s+)?(?:wi-?fi|mobile\s+data|data|internet)",
            r"\b(?:wi-?fi|mobile\s+data|internet)\s+(?:[\w'’-]+\s+){0,3}?off\b",
            r"\b(?:switch|turn|power)\s+(?:off\s+(?:the|your|that)\s+phone|"
            r"(?:the|your|that)\s+phone\s+off)\b",
        ),
        after=re.compile(r"\b(?:after|once)\s+(?:\S+\s+){0,4}$", FLAGS),
        negation=re.compile(r"\b(?:don't|don’t|do\s+not|never|not)\s+(?:\S+\s+)?$", FLAGS),
        first=_any(r"\bfirst\b"),
        installed=_any(r"\binstall\w*\b[^.\n]{0,40}?\bapps?\b",
                       r"\b(?:strange|fake|unknown|suspicious)\s+apps?\b"),
    ),
}

BANK_BEFORE_CUT = _l("“call the bank” comes before “cut the connection”: after a fake app, "
                     "first cut the connection (airplane mode), then lock the bank account")
BANK_FIRST = _l("after a strange app is installed, this says to call the bank first: first cut "
                "the connection (airplane mode), then lock the bank account")
CLAUSE_END = re.compile(r"[,;:.!?()\n]")
SENTENCE_END = re.compile(r"[.!?\n]")


def check_lesson(source: str, path: Path, locale: str) -> list[Problem]:
    """Every place in a lesson file that teaches calling the bank before cutting the connection."""
    phrases = PHRASES.get(locale)
    if phrases is None:
        return []
    text_units, quiz_units = _read(unicodedata.normalize("NFC", source))
    found = [_bank_before_cut(unit, phrases) or _bank_first(unit, phrases, situation)
             for situation, unit in [("", unit) for unit in text_units] + quiz_units]
    return [Problem(path, line, message) for line, message in filter(None, found)]


def _read(source: str) -> tuple[list[Unit], list[tuple[str, Unit]]]:
    """The lesson's paragraphs and lists, and the parts of its quiz that teach something, each
    with its question's text."""
    lines = [(number, line.replace("**", "")) for number, line in
             enumerate(source.splitlines(), start=1)]
    fence = next((i for i, (_, line) in enumerate(lines) if line.strip() == "```quiz"), len(lines))
    return _text_units(lines[:fence]), _quiz_units(lines[fence + 1 :])


def _is_list_item(line: str) -> bool:
    return re.match(r"^\s*(?:\d+[.)]|[-+*])\s", line) is not None


def _text_units(lines: list[tuple[int, str]]) -> list[Unit]:
    """Paragraphs and lists; the items of one list (even with blank lines between) are one unit."""
    units: list[Unit] = []
    current: Unit = []
    joinable = False  # the last unit is a list that the next list block continues

    def close() -> None:
        nonlocal current, joinable
        if current:
            is_list = _is_list_item(current[0][1])
            if is_list and joinable and units:
                units[-1].extend(current)
            else:
                units.append(current)
            joinable = is_list
        current = []

    for number, line in lines:
        stripped = line.strip()
        if stripped.startswith("#") or stripped.startswith(">") or stripped.startswith("!["):
            close()
            joinable = False
        elif not stripped:
            close()
        else:
            if current and _is_list_item(line) and not _is_list_item(current[0][1]):
                close()
                joinable = False
            current.append((number, stripped))
    close()
    return units


def _quiz_units(lines: list[tuple[int, str]]) -> list[tuple[str, Unit]]:
    """The steps of each ``order`` question (in their listed, correct order), its feedback, the
    text of each correct ``single``/``multiple`` choice and the feedback of every correct choice."""
    units: list[tuple[str, Unit]] = []
    kind, question, steps, correct = "", "", [], False
    for number, raw in lines:
        line = raw.strip()
        if line == "```":
            break
        if match := QUESTION_RE.match(line):
            if steps:
                units.append((question, steps))
            kind, question, steps, correct = match.group(1), match.group(2), [], False
        elif kind == "order" and (match := STEP_RE.match(line)):
            steps.append((number, match.group(2)))
        elif match := CHOICE_RE.match(line):
            correct = match.group(1) != " "
            if correct and kind in ("single", "multiple"):
                units.append((question, [(number, match.group(2))]))
        elif (match := FEEDBACK_RE.match(line)) and (correct or kind == "order"):
            units.append((question, [(number, match.group(1))]))
    if steps:
        units.append((question, steps))
    return units


def _joined(unit: Unit) -> tuple[str, list[int]]:
    """The unit's text, and the offset where each of its lines starts."""
    starts, offset = [], 0
    for _, line in unit:
        starts.append(offset)
        offset += len(line) + 1
    return "\n".join(line for _, line in unit), starts


def _line_at(unit: Unit, starts: list[int], position: int) -> int:
    index = max(i for i, start in enumerate(starts) if start <= position)
    return unit[index][0]


def _clause_before(text: str, position: int) -> str:
    before = text[:position]
    ends = [m.end() for m in CLAUSE_END.finditer(before)]
    return before[ends[-1] :] if ends else before


def _bank_phrases(text: str, phrases: Phrases) -> list[re.Match[str]]:
    """Bank phrases that say to call the bank (not "don't call the bank")."""
    return [m for m in phrases.bank.finditer(text)
            if not phrases.negation.search(_clause_before(text, m.start()))]


def _bank_before_cut(unit: Unit, phrases: Phrases) -> tuple[int, object] | None:
    """The line of a bank phrase that a cut phrase follows, and the message."""
    text, starts = _joined(unit)
    banks = _bank_phrases(text, phrases)
    if not banks:
        return None
    bank = banks[0]
    cut = phrases.cut.search(text)
    if cut is None or cut.start() < bank.start():
        return None
    if phrases.after.search(_clause_before(text, cut.start())):
        # "call the bank after cutting the connection": the right order; look further on
        later = next((m for m in phrases.cut.finditer(text, cut.end())
                      if not phrases.after.search(_clause_before(text, m.start()))), None)
        if later is None:
            return None
    return _line_at(unit, starts, bank.start()), BANK_BEFORE_CUT


def _bank_first(unit: Unit, phrases: Phrases, situation: str) -> tuple[int, object] | None:
    """The line of "call the bank first" after installing a strange app, and the message."""
    text, starts = _joined(unit)
    if not phrases.installed.search(situation + "\n" + text):
        return None
    cut = phrases.cut.search(text)
    for bank in _bank_phrases(text, phrases):
        if cut is not None and cut.start() < bank.start():
            return None
        sentence_start = max([m.end() for m in SENTENCE_END.finditer(text, 0, bank.start())],
                             default=0)
        end = SENTENCE_END.search(text, bank.end())
        sentence = text[sentence_start : end.start() if end else len(text)]
        if phrases.first.search(sentence):
            return _line_at(unit, starts, bank.start()), BANK_FIRST
    return None
