"""Our message templates: the wording each office files with its SMS
provider for approval, and the variables each takes, in the order Tencent
Cloud numbers them ({1}, {2} …; Alibaba Cloud names them ${name}).

Variables stay short (providers cap each at 20 to 35 characters and refuse
links in variables): a link is the fixed https://<office domain>/t/ in the
approved wording followed by the variable `link`, a short code
(notifications.models.ShortLink) that opens the page.

The wording is Chinese only: the message goes out as approved, whatever the
reader's language in the platform.
"""

from typing import NamedTuple


class Template(NamedTuple):
    wording: str  # with {name} where each variable goes
    variables: tuple[str, ...]
    # A login code: never kept after sending, never shown but in the outbox.
    secret: bool = False
    # Sent whatever the phone's opt-out: the person asked for it just now.
    asked_for: bool = False


TEMPLATES: dict[str, Template] = {
    "code": Template(
        "您的验证码为{code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。",
        ("code", "minutes"),
        secret=True,
        asked_for=True,
    ),
    "tracking": Template(
        "您反映的问题已收到（编号{number}），我们会尽快处理。查看进度：{site}/t/{link}",
        ("number", "link"),
    ),
    "need": Template(
        "您提交的需求已收到（编号{number}），社区会尽快联系您。查看进度：{site}/t/{link}",
        ("number", "link"),
    ),
    "rating": Template(
        "您反映的问题（编号{number}）已处理完毕，请评价处理结果：{site}/t/{link}",
        ("number", "link"),
    ),
    "reminder": Template(
        "您有一项待办：{what}，请于{date}前处理。请登录社区社会组织服务平台查看。",
        ("what", "date"),
    ),
    # A minor registering as a volunteer (volunteers.services): the guardian's consent.
    "guardian": Template(
        "您监护的未成年人申请注册为社区志愿者，需经您同意。请查看并确认：{site}/t/{link}",
        ("link",),
    ),
}


def render(template: str, params: dict[str, str], *, site: str = "") -> str:
    """The message as the phone shows it (for the outbox page)."""
    return TEMPLATES[template].wording.format(site=site.rstrip("/"), **params)


# The address the README's approval sheet shows; an office files its own.
EXAMPLE_SITE = "https://shequ.example.gov.cn"


def for_provider(template: str, provider: str, *, site: str = EXAMPLE_SITE) -> str:
    """The wording to file with a provider for approval, its variables
    marked as the provider wants them: ${name} for Alibaba Cloud ("aliyun"),
    {1}, {2} … in our order for Tencent Cloud ("tencent")."""
    variables = TEMPLATES[template].variables
    if provider == "aliyun":
        marks = {name: f"${{{name}}}" for name in variables}
    elif provider == "tencent":
        marks = {name: f"{{{number}}}" for number, name in enumerate(variables, 1)}
    else:
        raise ValueError(f"no template syntax for {provider}")
    return TEMPLATES[template].wording.format(site=site.rstrip("/"), **marks)


def approval_sheet(*, site: str = EXAMPLE_SITE) -> str:
    """The table of templates to file, as README.md shows it (a test keeps
    the two the same)."""
    lines = [
        "| key (`SMS_TEMPLATE_IDS`) | Alibaba Cloud wording | Tencent Cloud wording |",
        "|---|---|---|",
    ]
    for key in TEMPLATES:
        aliyun, tencent = (
            for_provider(key, "aliyun", site=site),
            for_provider(key, "tencent", site=site),
        )
        lines.append(f"| `{key}` | {aliyun} | {tencent} |")
    return "\n".join(lines)
