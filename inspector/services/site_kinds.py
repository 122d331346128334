"""What a county's registry may write for a site's kind, and the rules that follow from the kind.

Counties name the same kind of institution several ways (卫生院, 乡镇卫生院, 中心卫生院), so the import
accepts those words (:data:`KIND_ALIASES`) besides each kind's label and code. Some words name a
三定点 designation rather than a kind (B超室, 定点分娩): they are refused with the list of kinds and
the hint to use the designation columns, because a designation comes only from those columns.
"""

from __future__ import annotations

from inspector.domain import SiteKind

K = SiteKind

# Lower-case words → kind. Labels (either language) and codes are accepted anyway.
KIND_ALIASES: dict[str, SiteKind] = {
    "医院": K.HOSPITAL,
    "综合医院": K.HOSPITAL,
    "人民医院": K.HOSPITAL,
    "中医院": K.HOSPITAL,
    "中医医院": K.HOSPITAL,
    "专科医院": K.HOSPITAL,
    "民营医院": K.HOSPITAL,
    "妇幼保健院": K.MATERNAL_CHILD,
    "妇幼保健所": K.MATERNAL_CHILD,
    "妇幼保健计划生育服务中心": K.MATERNAL_CHILD,
    "妇幼": K.MATERNAL_CHILD,
    "卫生院": K.TOWNSHIP_HEALTH_CENTRE,
    "乡镇卫生院": K.TOWNSHIP_HEALTH_CENTRE,
    "中心卫生院": K.TOWNSHIP_HEALTH_CENTRE,
    "社区卫生服务中心": K.COMMUNITY_HEALTH,
    "社区卫生服务站": K.COMMUNITY_HEALTH,
    "社区卫生服务中心/站": K.COMMUNITY_HEALTH,
    "社区卫生服务中心（站）": K.COMMUNITY_HEALTH,
    "村卫生室": K.VILLAGE_CLINIC,
    "卫生室": K.VILLAGE_CLINIC,
    "卫生所": K.VILLAGE_CLINIC,
    "门诊部": K.OUTPATIENT,
    "诊所": K.CLINIC,
    "个体诊所": K.CLINIC,
    "私人诊所": K.CLINIC,
    "计划生育服务机构": K.FAMILY_PLANNING,
    "计划生育服务站": K.FAMILY_PLANNING,
    "计划生育技术服务站": K.FAMILY_PLANNING,
    "计划生育技术服务机构": K.FAMILY_PLANNING,
    "计生服务站": K.FAMILY_PLANNING,
    "计生站": K.FAMILY_PLANNING,
    "无证行医点": K.UNLICENSED,
    "无证行医": K.UNLICENSED,
    "无证": K.UNLICENSED,
    "无证诊所": K.UNLICENSED,
    "黑诊所": K.UNLICENSED,
    "黑b超点": K.UNLICENSED,
    "非法行医": K.UNLICENSED,
    "零售药店": K.PHARMACY,
    "药店": K.PHARMACY,
    "药房": K.PHARMACY,
    "连锁药店": K.PHARMACY,
    "药品零售": K.PHARMACY,
    "药品零售企业": K.PHARMACY,
    "药品批发企业": K.WHOLESALER,
    "批发企业": K.WHOLESALER,
    "药品批发": K.WHOLESALER,
    "批发": K.WHOLESALER,
    "医药公司": K.WHOLESALER,
}

# Kinds that can hold a 三定点 designation. Individual clinics, village clinics and unlicensed
# practice may not do pregnancy ultrasound or terminations at all (三禁止); drug sellers are no
# medical institutions.
DESIGNABLE = frozenset(
    k.value
    for k in (
        K.HOSPITAL,
        K.MATERNAL_CHILD,
        K.TOWNSHIP_HEALTH_CENTRE,
        K.COMMUNITY_HEALTH,
        K.OUTPATIENT,
        K.FAMILY_PLANNING,
    )
)

# Kinds that must show a licence number: the designable institutions and the drug sellers. Clinics
# may hold a 备案凭证 instead, village clinics are often licensed through their 卫生院, and
# unlicensed sites have none by definition.
LICENCE_REQUIRED = DESIGNABLE | {K.PHARMACY.value, K.WHOLESALER.value}

# Words that name a designation, not a kind (lower-case) → the column that says it instead. The kind
# codes of earlier versions are among them: they never said what the institution was.
DESIGNATION_WORDS: dict[str, str] = {
    "b超": "定点B超/染色体",
    "b超室": "定点B超/染色体",
    "超声": "定点B超/染色体",
    "定点b超": "定点B超/染色体",
    "染色体": "定点B超/染色体",
    "b超/染色体": "定点B超/染色体",
    "ultrasound": "定点B超/染色体",
    "终止妊娠": "定点终止妊娠",
    "定点终止妊娠": "定点终止妊娠",
    "分娩": "定点分娩",
    "定点分娩": "定点分娩",
    "产科": "定点分娩",
    "终止妊娠/分娩": "定点终止妊娠、定点分娩",
    "termination_delivery": "定点终止妊娠、定点分娩",
}
