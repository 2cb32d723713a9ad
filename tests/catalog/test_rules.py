"""The content rule: after a fake app, cut the connection BEFORE calling the bank, in every lesson
file and every language (lesson text, ``order`` questions and correct choices)."""

from pathlib import Path

import pytest
from flask_babel import force_locale

from learning.catalog.rules import check_lesson
from learning.config import PROJECT_ROOT
from tests.catalog.test_course_files import copy_course, problems_for

COURSES = PROJECT_ROOT / "courses"
PATH = Path("course/lesson.vi.md")


def lesson(body: str = "Một câu.", quiz: str = "") -> str:
    quiz = quiz or "? truefalse: Câu hỏi.\n- [x] Đúng\n  > Vì.\n- [ ] Sai\n  > Vì."
    return f"# Title\n\nIntro.\n\n## Screen\n\n{body}\n\n```quiz\n{quiz}\n```\n"


def flagged_lines(source: str, locale: str) -> list[int]:
    return [problem.line for problem in check_lesson(source, PATH, locale)]


def line_of(source: str, text: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), start=1) if text in line)


# The wrong order, as writers really put it: (a) a paragraph, (a) a list, (b) an order question,
# (c) a choice marked correct. The first string of each pair is the line that must be named.
BAD = {
    "vi": {
        "paragraph": ("gọi ngay cho ngân hàng",
                      lesson("- Lỡ cài ứng dụng lạ: gọi ngay cho ngân hàng để khóa tài khoản và "
                             "tắt nguồn điện thoại.")),
        "list": ("Gọi tổng đài",
                 lesson("Lỡ cài ứng dụng giả thì:\n\n1. Gọi tổng đài ngân hàng để **khóa tài "
                        "khoản**.\n2. Bật **chế độ máy bay** (tắt Wi-Fi và dữ liệu di động).\n"
                        "3. Báo công an.")),
        "order": ("1. Gọi ngay tổng đài",
                  lesson(quiz="? order: Lỡ cài ứng dụng lạ. Sắp xếp các bước.\n"
                              "1. Gọi ngay tổng đài chính thức của ngân hàng\n"
                              "2. Ngắt kết nối: bật chế độ máy bay\n3. Báo công an\n"
                              "> Vì sao.")),
        "choice": ("- [x] Gọi ngân hàng",
                   lesson(quiz="? single: Lỡ cài ứng dụng lạ, bạn làm gì?\n"
                               "- [ ] Chờ xem\n  > Sai.\n"
                               "- [x] Gọi ngân hàng khóa tài khoản, rồi tắt nguồn điện thoại\n"
                               "  > Đúng.")),
    },
    "fr": {
        "paragraph": ("Appelez tout de suite",
                      lesson("Vous avez installé une application suspecte ? Appelez tout de suite "
                             "votre banque pour bloquer le compte, et éteignez le téléphone.")),
        "list": ("Appelez le service client",
                 lesson("1. Appelez le service client de la banque pour **bloquer le compte**.\n"
                        "\n2. **Éteignez** le téléphone où l'application est installée.")),
        "order": ("1. Appeler le numéro",
                  lesson(quiz="? order: Remettez les étapes dans l'ordre.\n"
                              "1. Appeler le numéro officiel de la banque\n"
                              "2. Activer le mode avion\n3. Porter plainte\n> Pourquoi.")),
        "choice": ("- [x] Appeler la banque",
                   lesson(quiz="? multiple: Que faire ?\n"
                               "- [x] Appeler la banque pour bloquer le compte, puis éteindre le "
                               "téléphone\n  > Oui.\n- [ ] Attendre\n  > Non.")),
    },
    "en": {
        "paragraph": ("call your bank at once",
                      lesson("If you already installed an unknown app: call your bank at once to "
                             "**lock the account**, then **switch the phone off**.")),
        "list": ("1. Call your bank",
                 lesson("1. Call your bank straight away to lock your account.\n"
                        "2. Turn on airplane mode.\n3. Report it at the nearest police station.")),
        "order": ("1. Lock your bank",
                  lesson(quiz="? order: Put the steps in order.\n"
                              "1. Lock your bank account: call the bank's official hotline\n"
                              "2. Cut the connection at once\n3. Report to the police\n"
                              "> Why.")),
        "choice": ("- [x] Call your bank",
                   lesson(quiz="? single: You installed an app from a link. What do you do?\n"
                               "- [x] Call your bank to lock the account, then switch the phone "
                               "off\n  > Right.\n- [ ] Wait\n  > Wrong.")),
    },
}


@pytest.mark.parametrize("where", ["paragraph", "list", "order", "choice"])
@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_the_bank_before_cutting_the_connection_is_named_with_its_line(locale, where):
    marker, source = BAD[locale][where]
    assert flagged_lines(source, locale) == [line_of(source, marker)]


# "call the bank first" after a strange app, even without any word about the connection
@pytest.mark.parametrize("locale, source", [
    ("vi", "Nếu bạn đã lỡ cài ứng dụng lạ, trước hết hãy gọi ngân hàng để khóa tài khoản."),
    ("fr", "Si vous avez installé une application suspecte, appelez d'abord votre banque."),
    ("en", "If you installed a strange app, first call your bank to lock the account."),
])
def test_calling_the_bank_first_after_a_strange_app_is_named(locale, source):
    assert flagged_lines(lesson(source), locale) == [7]


# The fixed wording (BRIEF "Words we use"), its order question, a wrong choice that explains the
# mistake, and the "money already transferred" advice: none is reported.
GOOD = {
    "vi": lesson(
        "Lỡ cài rồi, làm đúng thứ tự này:\n\n"
        "1. **Ngắt kết nối ngay**: bật chế độ máy bay (tắt Wi-Fi và dữ liệu di động).\n"
        "2. **Khóa tài khoản ngân hàng**: gọi tổng đài chính thức của ngân hàng hoặc đến chi "
        "nhánh.\n3. **Khôi phục cài đặt gốc cho điện thoại và đổi mọi mật khẩu** (ngân hàng, "
        "Zalo, email). Chỉ xóa ứng dụng thì chưa đủ.\n4. **Báo công an**, mang theo bằng chứng "
        "(tin nhắn, số điện thoại, lịch sử giao dịch).\n\n"
        "Đừng gọi ngân hàng trước khi ngắt kết nối.\n\n"
        "Đã lỡ chuyển tiền: **báo ngân hàng trước, ngay lập tức** (tổng đài hoặc chi nhánh), "
        "rồi báo công an.",
        "? order: Lỡ cài ứng dụng giả. Sắp xếp các bước.\n"
        "1. Ngắt kết nối ngay: bật chế độ máy bay\n"
        "2. Khóa tài khoản ngân hàng: gọi tổng đài chính thức hoặc đến chi nhánh\n"
        "3. Khôi phục cài đặt gốc và đổi mọi mật khẩu\n4. Báo công an\n"
        "> Ngắt kết nối trước để kẻ gian không điều khiển được máy, rồi mới khóa tài khoản.\n\n"
        "? single: Bạn lỡ cài một ứng dụng từ link lạ. Việc đầu tiên là gì?\n"
        "- [x] Bật chế độ máy bay để ngắt kết nối ngay\n"
        "  > Đúng: ngắt kết nối trước, rồi mới khóa tài khoản ngân hàng.\n"
        "- [ ] Gọi ngân hàng trước, rồi mới tắt mạng\n"
        "  > Chưa đúng: phải ngắt kết nối trước, rồi mới khóa tài khoản ngân hàng."),
    "fr": lesson(
        "1. **Coupez la connexion tout de suite** : activez le mode avion (Wi-Fi et données "
        "mobiles coupés).\n2. **Faites bloquer votre compte bancaire** : appelez le numéro "
        "officiel de la banque ou allez à l'agence.\n3. **Réinitialisez le téléphone (retour aux "
        "paramètres d'usine) et changez tous vos mots de passe** (banque, Zalo, e-mail). "
        "Supprimer l'application ne suffit pas.\n4. **Portez plainte à la police**, avec les "
        "preuves (messages, numéros, historique des opérations).\n\n"
        "Argent déjà viré : prévenez **d'abord votre banque, tout de suite** (numéro officiel ou "
        "agence), puis la police.",
        "? order: Remettez les étapes dans l'ordre.\n1. Activer le mode avion\n"
        "2. Appeler le numéro officiel de la banque\n3. Porter plainte\n"
        "> Coupez d'abord la connexion, puis faites bloquer le compte.\n\n"
        "? single: Que faites-vous d'abord ?\n"
        "- [ ] J'appelle la banque avec ce même téléphone, puis j'active le mode avion\n"
        "  > Non : coupez d'abord la connexion.\n"
        "- [x] J'active le mode avion\n  > Oui : ensuite, appelez la banque."),
    "en": lesson(
        "1. **Cut the connection at once**: turn on airplane mode (Wi-Fi and mobile data off).\n"
        "2. **Lock your bank account**: call the bank's official hotline or go to a branch.\n"
        "3. **Factory-reset the phone and change all your passwords** (bank, Zalo, email). "
        "Deleting the app is not enough.\n4. **Report to the police**, with the evidence "
        "(messages, numbers, transaction history).\n\n"
        "Call the bank only after you have turned on airplane mode.\n\n"
        "Money already transferred: **the bank first, at once** (hotline or branch), then the "
        "police.",
        "? order: Put the steps in order.\n1. Cut the connection: turn on airplane mode\n"
        "2. Lock your bank account\n3. Factory-reset the phone\n4. Report to the police\n"
        "> Cut the connection first, then lock your bank account.\n\n"
        "? multiple: You installed a fake app. What do you do? (choose all that apply)\n"
        "- [x] Turn on airplane mode\n  > Right: first cut the connection.\n"
        "- [ ] Call the bank from that same phone, with the internet still on\n"
        "  > Not first: cut the connection first, then lock your bank account.\n"
        "- [x] Then call your bank's official hotline from another phone\n  > Right."),
}


@pytest.mark.parametrize("locale", ["vi", "fr", "en"])
def test_the_fixed_wording_and_money_already_transferred_pass(locale):
    assert flagged_lines(GOOD[locale], locale) == []


def test_the_loader_and_the_checker_report_it_with_file_and_line(app, tmp_path):
    folder = copy_course(tmp_path, "bank-qr-payments")
    path = folder / "bank-app-safety.en.md"
    source = path.read_text(encoding="utf-8").replace(
        "1. **Cut the connection at once**", "1. **Call your bank at once**.\n1. **Cut the "
        "connection at once**", 1)
    path.write_text(source, encoding="utf-8")
    line = line_of(source, "1. **Call your bank at once**")
    with app.app_context():
        problems = problems_for(tmp_path)
    assert [p for p in problems if "cut the connection" in p] == [
        f"{path}:{line}: “call the bank” comes before “cut the connection”: after a fake app, "
        "first cut the connection (airplane mode), then lock the bank account"]


def test_the_message_is_translated(app):
    marker, source = BAD["vi"]["paragraph"]
    with app.app_context(), force_locale("vi"):
        [problem] = check_lesson(source, PATH, "vi")
        assert "ngắt kết nối" in str(problem.message)


def test_no_real_lesson_teaches_calling_the_bank_before_cutting_the_connection():
    found = []
    for path in sorted(COURSES.glob("*/*.*.md")):
        locale = path.name.rsplit(".", 2)[-2]
        found += [f"{p.path.relative_to(COURSES)}:{p.line}"
                  for p in check_lesson(path.read_text(encoding="utf-8"), path, locale)]
    assert found == []
