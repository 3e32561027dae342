"""Header cells (English or Chinese, as people name columns) mapped to customer fields, and to the survey
import's columns. Every header an export writes in either language is here (store/export_headers.py; the
round trip is tests/test_export_headers.py)."""

from __future__ import annotations

import re
import unicodedata

# Header (folded by header_key) -> customer field. Several columns may map to
# "phone" (电话 and 手机); for other fields the first non-empty cell wins.
HEADERS: dict[str, str] = {}
for _field, _names in {
    "name": ("name", "fullname", "customer", "customername", "姓名", "名称", "客户姓名", "客户名称", "客户名", "客户"),
    "phone": ("phone", "phones", "mobile", "cell", "cellphone", "mobilephone", "tel", "telephone", "phonenumber",
              "电话", "手机", "手机号", "手机号码", "电话号码", "联系电话", "座机", "固话"),
    "company": ("company", "companyname", "organization", "organisation", "公司", "公司名称", "单位"),
    "email": ("email", "mail", "emailaddress", "邮箱", "电子邮箱", "邮件", "电子邮件"),
    "wechat_id": ("wechat", "wechatid", "weixin", "微信", "微信号"),
    "city": ("city", "城市", "所在城市"),
    "notes": ("notes", "note", "remark", "remarks", "comment", "comments", "备注", "说明"),
    "status": ("status", "状态", "客户状态"),
    "tags": ("tags", "tag", "labels", "标签"),
    "do_not_call": ("donotcall", "dnc", "免打扰", "勿扰"),
    "do_not_call_reason": ("donotcallreason", "dncreason", "免打扰原因", "勿扰原因"),
}.items():
    for _name in _names:
        HEADERS[_name] = _field

# the survey import's columns, as its own header names them or as a calls export does (通话编号 is the
# call's id, 通话唯一标识（uniqueid） the phone system's, 满意度评分 the score), folded by header_key
SURVEY_HEADERS = {"callid": "call_id", "通话编号": "call_id", "uniqueid": "uniqueid", "通话唯一标识uniqueid": "uniqueid",
                  "通话唯一标识": "uniqueid", "score": "score", "满意度评分": "score", "满意度": "score", "评分": "score"}

EXPECTED_HEADERS = "name/姓名/名称, phone/电话/手机, company/公司, email/邮箱, wechat/微信, city/城市, notes/备注, status/状态, tags/标签"


def header_key(text: str) -> str:
    key = unicodedata.normalize("NFKC", text or "").replace("\ufeff", "").strip().lower()
    key = re.sub(r"[\s_\-.:：()（）]+", "", key)
    return key.rstrip("0123456789")  # phone2, 电话1


def map_headers(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """({column index: field}, [ignored header names])."""
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for i, name in enumerate(header):
        target = HEADERS.get(header_key(name))
        if target:
            mapping[i] = target
        elif name.strip():
            ignored.append(name.strip())
    return mapping, ignored
