"""Industry 门类 and method-family classification, data-file validation, overrides, search terms."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from converters import classify
from converters.classify import (
    apply_overrides,
    classify_industry,
    classify_methods,
    industry_sections,
    load_industries,
    load_methods,
    load_overrides,
    method_families,
    method_family,
)
from converters.datafiles import DataFileError
from converters.model import Severity

# ---------------------------------------------------------------- industries


@pytest.mark.parametrize(
    ("raw", "code", "division"),
    [
        ("汽车零部件制造", "C", "36"),
        ("电力供应", "D", "44"),
        ("卫生", "Q", "84"),
        ("烟草制品业", "C", "16"),
        ("房屋建筑业", "E", "47"),
        ("铁路运输", "G", "53"),
        ("货币金融服务", "J", "66"),
        ("银行", "J", "66"),
        ("制造业", "C", ""),
        ("建筑施工", "E", "47"),
        ("医疗", "Q", "84"),
        ("烟草商业", "F", "51"),
        ("化工", "C", "26"),
        ("通信", "I", "63"),
        ("水务", "D", "46"),
        ("水利", "N", "76"),
        ("油气开采", "B", "07"),
        ("电力设备制造", "C", ""),  # 制造 decides: equipment makers are not utilities
        ("铁路运输设备制造", "C", "37"),
        ("C36", "C", "36"),
        ("C-制造业", "C", ""),
        ("D 电力", "D", "44"),
        ("３６汽车制造业", "C", "36"),
        ("IT服务", "I", "65"),
        (" 教育 ", "P", "83"),
    ],
)
def test_raw_industry_text_maps_to_its_section(raw, code, division):
    industry = classify_industry(raw)
    assert (industry.code, industry.division, industry.confidence) == (code, division, "high")
    assert industry.name == dict(industry_sections())[code]
    assert industry.raw == raw.strip()


@pytest.mark.parametrize(
    ("organization", "code"),
    [
        ("示例供电公司", "D"),
        ("江苏示例卷烟厂", "C"),
        ("示例市第一人民医院", "Q"),
        ("示例农村商业银行", "J"),
        ("示例建设集团有限公司", "E"),
        ("中国建设银行示例分行", "J"),
        ("示例铁路局示例供电段", "G"),
    ],
)
def test_empty_industry_falls_back_to_organisation_name_with_low_confidence(organization, code):
    industry = classify_industry("", organization)
    assert (industry.code, industry.confidence) == (code, "low")
    assert industry.raw == ""


def test_soe_group_is_a_signal_when_name_says_nothing():
    assert classify_industry("", "示例有限公司", "国家电网有限公司").code == "D"


def test_raw_text_beats_organisation_name():
    industry = classify_industry("银行", "示例供电公司")
    assert (industry.code, industry.confidence) == ("J", "high")


@pytest.mark.parametrize("raw", ["A级企业", "国企", "其他"])
def test_unresolved_industry_is_pending_and_keeps_raw_text(raw):
    industry = classify_industry(raw, "示例有限公司")
    assert (industry.code, industry.name, industry.raw, industry.confidence) == ("", "待定", raw, "none")


def test_industry_sections_are_the_twenty_gbt4754_sections():
    sections = industry_sections()
    assert [c for c, _n in sections] == list("ABCDEFGHIJKLMNOPQRST")
    assert sections[0] == ("A", "农、林、牧、渔业")
    assert sections[-1] == ("T", "国际组织")
    assert len(load_industries().divisions) == 97


DOMAIN_INDUSTRY_KEYWORDS = {
    "D": "电力 供电 发电 电网 热电 供热 燃气 自来水 供水 水务",
    "C": "烟草 卷烟 钢铁 冶金 汽车 零部件 船舶 航空 航天 轨道车辆 电子 半导体 通信设备 医药 制药 化工 石化 炼油",
    "B": "油气开采 煤矿",
    "E": "建筑 施工 路桥 市政工程 装饰",
    "G": "铁路 公交 地铁 城市轨道 港口 航运 机场 航空运输 物流 仓储 邮政 快递",
    "F": "烟草商业 烟草物流",
    "H": "酒店 餐饮",
    "I": "电信 移动 联通 广电 软件 IT",
    "J": "银行 证券 保险",
    "K": "物业",
    "M": "检验检测 计量 设计院 科研院所",
    "N": "环卫 环保 水利",
    "Q": "医院 卫生",
    "P": "学校 教育",
    "S": "政府 机关",
}


@pytest.mark.parametrize(("code", "words"), DOMAIN_INDUSTRY_KEYWORDS.items())
def test_every_domain_keyword_is_in_the_table(code, words):
    for word in words.split():
        assert classify_industry(word).code == code, word


# ---------------------------------------------------------------- methods


@pytest.mark.parametrize(
    ("title", "primary"),
    [
        ("运用客户之声提升供电服务满意度的实践", "voc"),
        ("运用客户之声收集、分析关键顾客和其他重要相关方需求的经验", "voc"),
        ("推行6S管理打造整洁现场的探索", "5s"),
        ("实施DMAIC降低焊接缺陷的经验", "six-sigma"),
        ("运用PDCA循环提升一次交验合格率的实践", "pdca"),
        ("运用ＰＤＣＡ循环提升合格率的实践", "pdca"),
        ("运用 QC 小组活动降低不良率的实践", "qc-circle"),
        ("运用鱼骨图和排列图降低返工率的实践", "qc-tools"),
        ("推行TPM提升设备综合效率的实践", "tpm"),
        ("实施防呆防错降低差错的经验", "poka-yoke"),
        ("运用PFMEA预防装配失效的实践", "fmea"),
        ("推行精益生产缩短交付周期的探索", "lean"),
        ("推行品管圈提升护理质量的实践", "qc-circle"),
        ("运用控制图稳定灌装量的实践", "spc"),
    ],
)
def test_primary_family_comes_from_the_title(title, primary):
    result = classify_methods(title, "")
    assert result.families[0] == primary


def test_lean_six_sigma_gives_six_sigma_first_and_lean_second():
    assert classify_methods("运用精益六西格玛缩短交付周期的探索", "").families == ("six-sigma", "lean")


def test_kanban_pull_is_lean_and_kanban_board_is_visual():
    assert classify_methods("推行看板拉动降低库存的实践", "").families[0] == "lean"
    assert classify_methods("推行看板管理提升现场效率的实践", "").families[0] == "5s"


def test_idiom_jingyiqiujing_is_not_lean():
    assert classify_methods("推行精益求精工作法的实践", "").families == ("other",)


def test_weak_words_in_title_count_only_without_better_match():
    assert classify_methods("推行精细化管理提升质量的实践", "").families == ("lean",)
    assert classify_methods("运用PDCA推行精细化管理的实践", "").families == ("pdca",)


def test_ascii_aliases_need_word_boundaries():
    # "IE" inside "DIE", "TPS" inside "HTTPS", "5S" inside "15S": no method
    assert classify_methods("运用DIE与HTTPS及15S型号的实践", "").families == ("other",)


def test_body_adds_secondary_families_by_frequency():
    body = "我们用鱼骨图分析原因，鱼骨图显示三条主因。对关键工序开展FMEA。控制图一次。"
    result = classify_methods("运用QC小组降低不合格率的实践", body)
    # QC小组 (title) first; 鱼骨图 twice -> QC工具; FMEA strong once -> FMEA; 控制图 once -> not enough
    assert result.families == ("qc-circle", "qc-tools", "fmea")
    assert result.methods == ("QC小组活动", "QC七种工具", "FMEA")


def test_weak_body_words_never_add_a_family_alone():
    body = "持续改善。改善前后对比。改善效果明显。顾客满意度提升，顾客满意度达到98%。"
    assert classify_methods("运用客户之声提升满意度的实践", body).families == ("voc",)


def test_at_most_four_families_are_kept():
    body = "FMEA。TPM。SMED。DMAIC。OEE。KYT。"
    assert len(classify_methods("运用PDCA循环提升合格率的实践", body).families) == 4


def test_nothing_recognised_gives_the_fallback_family():
    result = classify_methods("推行班组工作法的实践", "正文没有任何方法名称。")
    assert result.families == ("other",) and result.methods == ()
    assert method_family("other").name == "其他方法"


def test_every_alias_in_the_data_file_finds_its_own_family():
    taxonomy = load_methods()
    for alias, meaning in taxonomy.aliases:
        families = classify_methods(f"运用{alias}提高质量的实践", "").families
        assert families[0] == meaning.family, alias


# Every alias of domain §3, with the family it must land in.
DOMAIN_ALIASES = {
    "qc-tools": "QC七种工具 QC七大手法 品管七大手法 质量工具 排列图 柏拉图 帕累托图 因果图 鱼骨图 石川图 特性要因图 调查表 检查表 "
    "查检表 分层法 层别法 直方图 散布图 散点图 新七种工具 新QC七大手法 关联图 亲和图 KJ法 系统图 树图 矩阵图 矩阵数据分析法 "
    "PDPC法 过程决策程序图 箭条图 矢线图 网络图 PERT 头脑风暴 头脑风暴法 脑力激荡 5W1H 5W2H 六何分析 七问分析法 对策表 5Why "
    "根因分析 五问法 5个为什么 根本原因分析 RCA",
    "pdca": "PDCA PDCA循环 戴明环 策划-实施-检查-处置 PDSA 持续改善 Kaizen 改善 快速改善 改善周",
    "qc-circle": "QC小组活动 质量管理小组 QCC 品管圈 问题解决型课题 创新型课题",
    "problem-solving": "8D 8D报告 8D法 8D问题解决 A3 A3报告 A3问题解决",
    "six-sigma": "六西格玛 6σ 6Sigma DMAIC 精益六西格玛 LSS 绿带 黑带 DFSS DMADV",
    "spc": "SPC 统计过程控制 控制图 管制图 X-R图 过程能力分析 Cp Cpk Ppk 工序能力指数 MSA 测量系统分析 GR&R "
    "量具重复性与再现性 DOE 试验设计 实验设计 正交试验 田口方法 响应面",
    "lean": "精益管理 精益生产 Lean 丰田生产方式 TPS 精益化 精细化管理 价值流图 VSM 价值流分析 消除浪费 七大浪费 八大浪费 Muda "
    "快速换模 SMED 快速换型 换线 JIT 拉动式生产 看板拉动 单件流 一个流 节拍 工业工程 IE 线平衡 山积图 动作分析 工时测定 ECRS "
    "安灯 Andon 自働化 Jidoka",
    "5s": "5S 6S 7S 8S 现场管理 目视化管理 可视化 看板管理 定置管理 颜色管理",
    "standard-work": "标准化作业 SOP 作业指导书 标准作业 标准化 三检制 自检、互检、专检 首件检验 质量门 “三不”原则 质量追溯 可追溯",
    "tpm": "TPM 全员生产维护 全员生产维修 自主保全 设备点检 OEE",
    "poka-yoke": "防错 防呆 Poka-yoke 防错装置",
    "fmea": "FMEA 失效模式与影响分析 潜在失效模式及后果分析 PFMEA DFMEA FTA 故障树分析 事故树",
    "safety-risk": "风险分级管控 危险源辨识 风险矩阵 LEC HAZOP 双重预防机制 危险预知训练 KYT 班前会 安全确认",
    "voc": "客户之声 VOC 顾客之声 需求识别 KANO模型 卡诺模型 QFD 质量功能展开 质量屋 满意度测评 顾客满意度 NPS 净推荐值 用户满意",
    "service": "服务蓝图 客户旅程 服务触点 服务标准化 神秘顾客 投诉闭环管理 客诉管理 投诉处理 闭环",
    "excellence": "质量管理体系 ISO9001 GB/T19001 IATF16949 体系运行 卓越绩效 卓越绩效模式 GB/T19580 全面质量管理 TQM TQC 三全 "
    "标杆管理 对标 水平对比 标杆 质量成本管理 质量成本 COQ 劣质成本",
    "team-management": "班组自主管理 自主管理 民主管理 轮值班长 激励机制 积分制 星级评定 绩效看板 质量文化 班组文化 五型班组 工匠精神 学习型班组",
    "skills": "合理化建议 金点子 微创新 改善提案 小改小革 “五小” 技能提升 技能矩阵 多能工 一专多能 岗位练兵 技能比武 导师带徒 师带徒 TWI OPL 一点课",
    "digital": "数字化管理 数字化转型 信息化 数智化 智慧班组 MES 数据平台 大数据 BI 智能检测 机器视觉 AI检测 视觉检测 人工智能 IoT "
    "在线监测 预测性维护 数字孪生",
}


@pytest.mark.parametrize(("family", "aliases"), DOMAIN_ALIASES.items())
def test_every_domain_alias_maps_to_its_family(family, aliases):
    for alias in aliases.split():
        assert classify_methods(f"运用{alias}提高质量的实践", "").families[0] == family, alias


def test_families_are_browsable_facets_with_groups():
    families = method_families()
    regular = families[:-1]
    assert 12 <= len(regular) <= 20
    assert families[-1].id == "other"
    for wanted in ("pdca", "qc-tools", "six-sigma", "lean", "5s", "tpm", "poka-yoke", "fmea", "voc"):
        assert method_family(wanted) is not None, wanted
    assert {f.group for f in regular} == set("ABCDEFGHIJ")
    assert all(f.description and f.methods and f.group_name for f in regular)


def test_method_family_is_found_by_id_or_name():
    assert method_family("pdca").name == "PDCA循环"
    assert method_family("客户之声").id == "voc"
    assert method_family("不存在") is None


# ---------------------------------------------------------------- data-file validation

MINIMAL_METHODS = """
version: 1
groups: {A: 工具}
fallback: {id: other, name: 其他方法, description: 待标注。}
families:
  - id: tools
    name: 工具
    group: A
    description: 一句话。
    methods:
      - name: 鱼骨图
        aliases: [因果图]
"""


def _write(tmp_path: Path, text: str, name: str = "data.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_minimal_methods_file_loads(tmp_path):
    taxonomy = load_methods(_write(tmp_path, MINIMAL_METHODS))
    assert taxonomy.classify("运用因果图的实践", "").families == ("tools",)


def test_alias_in_two_families_is_an_error_at_load(tmp_path):
    text = MINIMAL_METHODS + """
  - id: more
    name: 更多
    group: A
    description: 一句话。
    methods:
      - name: 石川图
        aliases: [因 果 图]
"""
    with pytest.raises(DataFileError) as exc:
        load_methods(_write(tmp_path, text))
    assert "因 果 图" in str(exc.value) and "重复" in str(exc.value)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("    group: A\n", "    group: A\n    colour: red\n", "colour"),
        ("        aliases: [因果图]\n", "        aliases: [因果图]\n        synonyms: [x]\n", "synonyms"),
        ("  - id: tools\n", "  - id: Tools!\n", "ASCII"),
        ("    group: A\n", "    group: Z\n", "group"),
        ("version: 1\n", "version: 1\nextra: 1\n", "extra"),
        ("groups: {A: 工具}\n", "groups: {A: 工具, A: 重复}\n", "重复的键"),
        ("        aliases: [因果图]\n", "        tier: huge\n", "tier"),
    ],
)
def test_malformed_methods_file_names_the_problem(tmp_path, old, new, problem):
    text = textwrap.dedent(MINIMAL_METHODS).replace(old, new)
    assert text != textwrap.dedent(MINIMAL_METHODS)
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError) as exc:
        load_methods(path)
    assert problem in str(exc.value)
    assert str(path) in str(exc.value)
    assert all(f.severity is Severity.ERROR and f.file == str(path) for f in exc.value.findings())


def test_check_data_files_returns_findings_instead_of_raising(tmp_path):
    path = _write(tmp_path, "families: [")
    findings = classify.check_data_files(methods_path=path)
    assert findings and findings[0].code == "DATA_FILE_INVALID" and "YAML" in findings[0].message
    assert classify.check_data_files() == []


MINIMAL_INDUSTRIES = """
version: 1
sections:
  - {code: C, name: 制造业, divisions: "13-43"}
  - {code: D, name: 电力、热力、燃气及水生产和供应业, divisions: "44-46"}
divisions:
  "36": 汽车制造业
  "44": 电力、热力生产和供应业
keywords:
  汽车: C36
  电力: D44
"""


def test_minimal_industries_file_loads(tmp_path):
    table = load_industries(_write(tmp_path, MINIMAL_INDUSTRIES))
    assert table.classify("汽车").code == "C"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("  电力: D44\n", "  电力: D36\n", "不属于门类"),
        ("  电力: D44\n", "  电力: Z\n", "无效"),
        ("  电力: D44\n", "  电力: D44\n  电力: D44\n", "重复的键"),
        ("  电力: D44\n", "  电力: D44\n  ＩＴ: D\n  it: D\n", "重复"),
        ("version: 1\n", "version: 1\nsynonyms: {}\n", "synonyms"),
        ('  "44": 电力、热力生产和供应业\n', '  "44": 电力、热力生产和供应业\n  "99": 不存在\n', "99"),
    ],
)
def test_malformed_industries_file_names_the_problem(tmp_path, old, new, problem):
    text = textwrap.dedent(MINIMAL_INDUSTRIES).replace(old, new)
    assert text != textwrap.dedent(MINIMAL_INDUSTRIES)
    with pytest.raises(DataFileError) as exc:
        load_industries(_write(tmp_path, text))
    assert problem in str(exc.value)


def test_edited_data_file_is_reloaded(tmp_path):
    path = _write(tmp_path, MINIMAL_METHODS)
    assert load_methods(path).family("工具") is not None
    path.write_text(textwrap.dedent(MINIMAL_METHODS).replace("name: 工具", "name: 分析工具"), encoding="utf-8")
    import os

    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    assert load_methods(path).family("分析工具") is not None


# ---------------------------------------------------------------- overrides


def test_default_overrides_file_is_an_empty_example():
    overrides = load_overrides(None)
    assert dict(overrides) == {} and overrides.findings == []


def test_overrides_are_keyed_by_normalised_title_and_validated(tmp_path):
    path = _write(
        tmp_path,
        """
        overrides:
          "运用“客户之声”提升满意度的实践":
            industry: d
            methods: [voc, PDCA循环]
          运用某方法的实践:
            industry: Z
            methods: [nonexistent]
          推行精益的探索:
            colour: red
            industry: 制造业
          2025-abc12345:
            methods: lean
        """,
    )
    overrides = load_overrides(path)
    assert overrides['运用"客户之声"提升满意度的实践'] == {"industry": "D", "methods": ["voc", "pdca"]}
    assert "运用某方法的实践" not in overrides
    assert overrides["推行精益的探索"] == {"industry": "C"}
    assert overrides["2025-abc12345"] == {"methods": ["lean"]}
    messages = " ".join(f.message for f in overrides.findings)
    assert "Z" in messages and "nonexistent" in messages and "colour" in messages
    assert all(f.code == "OVERRIDE_INVALID" and f.file == str(path) for f in overrides.findings)


def test_override_beats_document_and_reports_the_change(tmp_path):
    path = _write(tmp_path, "overrides:\n  运用客户之声提升满意度的实践:\n    industry: D\n    methods: [voc, pdca]\n")
    overrides = load_overrides(path)
    code, ids, findings = apply_overrides(overrides, "运用客户之声提升满意度的实践 ", "", ["other"], "a.docx")
    assert (code, ids) == ("D", ["voc", "pdca"])
    assert [f.code for f in findings] == ["OVERRIDE_APPLIED", "OVERRIDE_APPLIED"]
    assert all(f.severity is Severity.INFO and f.file == "a.docx" for f in findings)


def test_without_override_the_document_result_stands():
    assert apply_overrides({}, "运用PDCA的实践", "C", ["pdca"], "a.docx") == ("C", ["pdca"], [])


def test_slug_override_wins_over_title_override(tmp_path):
    path = _write(tmp_path, "overrides:\n  2025-x:\n    industry: E\n  运用PDCA的实践:\n    industry: C\n")
    code, _ids, _f = apply_overrides(load_overrides(path), "运用PDCA的实践", "", [], "a.docx", slug="2025-x")
    assert code == "E"


@pytest.mark.parametrize("text", ["overrides: [", "- 1\n- 2\n", "overrides: [1, 2]\n"])
def test_broken_overrides_file_is_a_finding_not_a_crash(tmp_path, text):
    path = _write(tmp_path, text)
    overrides = load_overrides(path)
    assert dict(overrides) == {}
    assert overrides.findings and overrides.findings[0].severity is Severity.ERROR


def test_missing_explicit_overrides_file_is_reported(tmp_path):
    overrides = load_overrides(tmp_path / "nope.yml")
    assert [f.code for f in overrides.findings] == ["OVERRIDE_FILE_MISSING"]


def test_unused_override_keys_are_reported(tmp_path):
    path = _write(tmp_path, "overrides:\n  运用PDCA的实践:\n    industry: C\n")
    findings = classify.unused_overrides(load_overrides(path), ["运用QC小组的实践"])
    assert [f.code for f in findings] == ["OVERRIDE_UNUSED"]
