"""Stories and methods (宣传推广) and community types (一社一策) in the demo,
with the seeds' own names:

- Huiji's 微故事 (微光聚力 点亮惠济) and 惠家故事 cases, about the
  organisations the report names (英才社区红马甲志愿服务队, 天河社区银龄之声合唱队,
  清华园社区's grid branch), published by the street;
- Tianyuan's working methods (七步培育法, 协商治理"五步流程") and Wuhan's
  exemplars (东亭社区七宝巡逻队, 青和居社区天天敲门组), published by the
  district as methods learned from elsewhere, and said so;
- a draft 刘芳 (`leader`) sent about 红马甲, for `street` to publish;
- a type on every urban community (Tianyuan's four), villages left unset;
- residents' conventions (居民公约) of three communities.

Built once: every row is found by its title before it is made."""

from datetime import date, datetime, time

from django.utils import timezone

from devdata.demo.orgs import ensure
from orgs.models import Area, AreaLevel, CommunityType, Organisation, User
from projects.models import BidStatus, Project
from stories import services
from stories.models import AdoptedBy, Convention, Story, StoryKind, StoryStatus

OLD = ["英才社区", "正弘社区", "长兴社区", "大河社区", "老鸦陈社区", "文化社区"]
NEW = ["新都汇社区", "汇智社区", "江山社区", "汇苑社区"]
VILLAGE_TURNED = ["刘寨社区", "八里庙社区", "杜庄社区", "东赵社区", "薛岗社区", "张庄社区"]

# (kind, title, summary, body, area name, organisation names, publisher, published on)
STORIES = [
    (
        StoryKind.STORY,
        "微光聚力 点亮惠济 · 红马甲的一天",
        "英才社区红马甲志愿服务队从疫情防控队转型为助老服务队，每天为独居老人送餐、陪诊。",
        "清晨七点，红马甲志愿服务队的队员已经在社区食堂门口集合。\n\n"
        "这支队伍组建于疫情防控期间，疫情过后，队员们没有散：在社区的引导下，"
        "他们转向为辖区独居老人送餐、陪诊、读报，成为一支服务型社区社会组织。\n\n"
        "“只要老人开门时笑一笑，这一天就值了。”队长说。",
        "英才社区",
        ["英才社区红马甲志愿服务队"],
        "street",
        date(2026, 9, 18),
    ),
    (
        StoryKind.CASE,
        "惠家故事 · 三支合唱队合成“银龄之声”",
        "天河社区把三支各自为战的老年合唱队合并重整为银龄之声合唱队，场地、骨干和演出都有了着落。",
        "天河社区原有三支老年合唱队，时间冲突、场地紧张，常为排练闹矛盾。\n\n"
        "社区社会组织联合会出面协调，三支队伍合并重整为银龄之声合唱队，"
        "统一排练时间，轮流担任骨干，并承接了社区的重阳敬老演出。",
        "天河社区",
        ["天河社区银龄之声合唱队"],
        "district",
        date(2026, 10, 12),
    ),
    (
        StoryKind.CASE,
        "惠家·微光成炬 · 清华园社区“党建+网格+志愿”",
        "清华园社区成立网格临时党支部，组织辖区6支志愿服务型社区社会组织参与楼院巡查、政策宣传和纠纷调解。",
        "清华园社区推出“党建+网格+志愿”服务体系。\n\n"
        "社区成立网格临时党支部，组织辖区6支志愿服务型社区社会组织参与网格工作："
        "楼院巡查、政策宣传、纠纷调解，发现的问题当场上报网格。",
        "清华园社区",
        ["清华园社区平安巡逻队"],
        "district",
        date(2026, 11, 3),
    ),
    (
        StoryKind.METHOD,
        "经验做法 · 社区志愿者组织“七步培育法”（株洲市天元区）",
        "株洲市天元区引进专业社工机构，探索社区志愿者组织“七步培育法”，是该区20多个经验做法之一。",
        "天元区引进专业社工机构，探索形成社区志愿者组织“七步培育法”，"
        "与协商治理“五步流程”等20多个经验做法一起推广。\n\n"
        "本篇整理其做法，供各街道、社区培育志愿服务类社区社会组织时参考。",
        "惠济区",
        [],
        "district",
        date(2026, 8, 20),
    ),
    (
        StoryKind.METHOD,
        "经验做法 · 协商治理“五步流程”（株洲市天元区）",
        "株洲市天元区以协商治理“五步流程”推动居民议事，配合“135”协商治理等治理模式。",
        "天元区在城市社区、新建社区、老旧小区、村改居社区分类施策（一社一策），"
        "形成协商治理“五步流程”。\n\n本篇整理其流程，供社区议事协商参考。",
        "惠济区",
        [],
        "district",
        date(2026, 8, 27),
    ),
    (
        StoryKind.CASE,
        "典型推广 · 武昌区东亭社区七宝巡逻队",
        "武汉市推广的社区社会组织培育发展经验：武昌区东亭社区七宝巡逻队。",
        "武汉市民政部门推广武昌区东亭社区七宝巡逻队等社区社会组织培育发展经验做法，"
        "通过表彰先进、树立典型，提升社区社会组织良好形象。",
        "惠济区",
        [],
        "district",
        date(2026, 10, 28),
    ),
    (
        StoryKind.CASE,
        "典型推广 · 青山区青和居社区天天敲门组",
        "武汉市推广的社区社会组织培育发展经验：青山区青和居社区天天敲门组。",
        "青山区青和居社区天天敲门组每天敲开独居老人的家门，问一声好，看一眼安全。\n\n"
        "武汉市把它作为社区社会组织培育发展的典型加以推广。",
        "惠济区",
        [],
        "district",
        date(2026, 11, 10),
    ),
]

CONVENTIONS = [
    (
        "英才社区",
        "英才社区居民公约",
        "一、爱护楼院环境，垃圾分类投放，不在楼道堆放杂物。\n\n"
        "二、邻里互助，关心独居老人，有事找网格员。\n\n"
        "三、文明养犬，出门牵绳，及时清理。\n\n"
        "四、无物业楼院由楼栋长、单元长、党员中心户“三长共治”，大事共商。",
        date(2026, 3, 15),
        AdoptedBy.REPRESENTATIVES,
        "居民代表会议95名代表中86名赞成",
    ),
    (
        "天河社区",
        "天河社区居民公约",
        "一、遵守法律法规，维护社区安定。\n\n二、尊老爱幼，和睦相处。\n\n三、爱护公共设施和绿地。",
        date(2025, 12, 20),
        AdoptedBy.ASSEMBLY,
        "",
    ),
    (
        "新都汇社区",
        "新都汇社区文明公约",
        "一、新居民入住一月内到社区登记。\n\n二、装修时间为工作日8:00—12:00、14:00—18:00。\n\n"
        "三、参与楼栋议事，共建睦邻共同体。",
        date(2026, 6, 1),
        AdoptedBy.CONSULTATION,
        "各楼栋协商后汇总",
    ),
]


def build(demo):
    community_types(demo)
    conventions(demo)
    library(demo)


def community_types(demo):
    """Tianyuan's four on the urban communities; villages stay unset."""
    types = {t.name: t for t in CommunityType.objects.all()}
    chosen = (
        {name: types["老旧小区"] for name in OLD}
        | {name: types["新建社区"] for name in NEW}
        | {name: types["村改居"] for name in VILLAGE_TURNED}
    )
    district = demo.areas["惠济区"]
    for area in Area.objects.filter(level=AreaLevel.COMMUNITY, code__startswith=district.code):
        if area.is_rural:
            continue
        wanted = chosen.get(area.name, types["城市社区"])
        if area.community_type_id != wanted.pk:
            area.community_type = wanted
            area.save(update_fields=["community_type"])


def conventions(demo):
    worker = User.objects.get(username="community")
    for community, title, text, adopted_on, how, note in CONVENTIONS:
        ensure(
            Convention,
            {"community": demo.areas[community], "title": title},
            {"text": text, "adopted_on": adopted_on, "adopted_by": how, "adoption_note": note},
            by=worker,
        )


def library(demo):
    users = {u.username: u for u in User.objects.filter(username__in=["street", "district"])}
    writer = User.objects.get(username="community")
    for kind, title, summary, body, area, organisations, publisher, on in STORIES:
        if Story.objects.filter(title=title).exists():
            continue
        story = Story.objects.create(
            kind=kind, title=title, summary=summary, body=body, area=demo.areas[area], author=writer
        )
        story.organisations.set(Organisation.objects.filter(name__in=organisations))
        story.projects.set(_projects(organisations))
        services.publish(story=story, by=users[publisher])
        when = timezone.make_aware(datetime.combine(on, time(9, 30)))
        Story.objects.filter(pk=story.pk).update(published_at=when, updated_at=when)
    leader = User.objects.get(username="leader")
    title = "惠家故事 · 红马甲助老送餐一百天"
    if not Story.objects.filter(title=title).exists():
        services.submit_draft(
            organisation=leader.organisation,
            by=leader,
            kind=StoryKind.STORY,
            title=title,
            summary="红马甲志愿服务队为独居老人送餐满一百天。",
            body="一百天，两千多份午餐。\n\n队员们说，送的是饭，更是陪伴。",
        )
    assert Story.objects.filter(status=StoryStatus.DRAFT).exists()


def _projects(organisations):
    """The projects these organisations were awarded (at most two)."""
    if not organisations:
        return []
    return list(
        Project.objects.filter(
            bids__organisation__name__in=organisations, bids__status=BidStatus.AWARDED
        )
        .distinct()
        .order_by("pk")[:2]
    )
