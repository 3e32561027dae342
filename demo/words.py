"""What people in the English demo write and say: call notes, escalation and callback reasons, conduct
notes, customer tags and notes, in Chinese and English (each customer in their language; demo.writing
chooses). The Chinese demo's words are in demo.words_zh. bench/build_store.py draws from these too."""

from __future__ import annotations

NOTES_ZH = {
    "consultation": ["咨询产品规格和价格，已发资料", "询问是否支持开发票，已说明", "咨询企业采购优惠政策", "问保修期限，已解答",
                     "咨询新品上市时间", "询问门店地址和营业时间", "咨询批量采购报价，已转报价单", "问能否加急发货"],
    "order": ["电话下单 {order}，已确认收货地址", "客户追加订单数量，已修改 {order}", "确认订单 {order} 付款方式为对公转账",
              "下单前确认库存，已下单 {order}", "修改订单 {order} 的收货人电话"],
    "after-sales": ["产品无法开机，指导重置后恢复", "申请退换货，订单 {order}，已登记", "配件缺失，安排补发",
                    "安装问题，预约上门服务", "使用一周后出现异响，已转技术评估", "要求延长保修，已登记"],
    "complaint": ["投诉送货延误三天，已致歉并跟进", "投诉客服态度，已记录并转主管", "收到的商品有破损，要求赔偿",
                  "投诉重复扣款，已核实", "对售后处理结果不满意，要求经理回电", "投诉安装师傅迟到"],
    "shipping": ["查询运单 {waybill} 物流状态", "要求改派送地址，运单 {waybill}", "首次发货申请，已通知仓库",
                 "确认发货时间，预计明天送达", "物流显示签收但客户未收到，运单 {waybill}"],
    "billing": ["核对对账单，差额已说明", "催收应收款 {amount} 元，客户承诺本周付款", "申请开具增值税专用发票",
                "发票抬头有误，重新开具", "确认到账金额 {amount} 元"],
    "feedback": ["建议增加深色款式", "反馈说明书不够清楚", "希望提供微信下单渠道", "反馈包装过度，建议简化",
                 "对新版本很满意，建议增加配件"],
    "return-visit": ["回访使用情况，客户满意", "回访售后处理结果，问题已解决", "定期回访，客户有续约意向",
                     "回访投诉处理，客户表示认可", "回访新客户，介绍会员权益"],
}
NOTES_EN = {
    "consultation": ["Asked about specs and prices, sent the brochure", "Asked whether we issue invoices, explained",
                     "Asked about volume discounts", "Warranty period question, answered", "Asked when the new model ships"],
    "order": ["Phone order {order}, delivery address confirmed", "Added items to order {order}",
              "Order {order} to be paid by bank transfer", "Checked stock, placed order {order}"],
    "after-sales": ["Unit does not power on, walked through a reset", "Return requested for order {order}, logged",
                    "Missing accessory, replacement sent", "Needs installation help, booked a technician visit"],
    "complaint": ["Delivery three days late, apologised and following up", "Unhappy with a previous agent, noted for the lead",
                  "Item arrived damaged, asks for compensation", "Charged twice, checking with finance"],
    "shipping": ["Tracking waybill {waybill}", "Change of delivery address for waybill {waybill}",
                 "First shipment request, passed to the warehouse", "Confirmed delivery for tomorrow"],
    "billing": ["Went through the statement, difference explained", "Reminder for {amount} outstanding, will pay this week",
                "Asked for a VAT invoice", "Invoice title wrong, reissued"],
    "feedback": ["Would like a darker colour", "Manual is hard to follow", "Suggests ordering through WeChat",
                 "Happy with the new version, wants more accessories"],
    "return-visit": ["Follow-up on usage, customer satisfied", "Follow-up on the repair, issue solved",
                     "Regular follow-up, interested in renewing", "Follow-up on complaint, customer accepts the solution"],
}
ESCALATION_ZH = {
    "tech": ["疑似硬件故障，需技术检测", "软件报错，需技术远程协助", "安装环境特殊，需工程师评估"],
    "sales": ["批量采购需销售报价", "客户要求定制方案", "合同续约需销售跟进"],
    "manager": ["客户要求赔偿，超出权限", "重大投诉，需经理处理", "客户情绪激动，要求主管回电"],
}
ESCALATION_EN = {
    "tech": ["Suspected hardware fault, needs a technician", "Software error, needs remote support"],
    "sales": ["Volume order needs a sales quote", "Wants a custom offer"],
    "manager": ["Asks for compensation beyond my limit", "Serious complaint for the manager"],
}
CALLBACK_REASON_ZH = {
    "consultation": "客户要求回电确认报价", "order": "确认订单修改结果后回电", "after-sales": "技术评估后回电告知结果",
    "complaint": "核实情况后回电答复投诉", "shipping": "查明物流情况后回电", "billing": "核对账目后回电",
    "feedback": "整理意见后回电", "return-visit": "客户忙，约定时间再回访",
}
CALLBACK_REASON_EN = {
    "consultation": "Call back to confirm the quote", "order": "Call back once the order change is done",
    "after-sales": "Call back with the technician's findings", "complaint": "Call back with an answer to the complaint",
    "shipping": "Call back once the carrier replies", "billing": "Call back after checking the account",
    "feedback": "Call back about the suggestion", "return-visit": "Customer busy, follow up later",
}
RETURN_VISIT_ZH = "回访：确认问题已解决"
RETURN_VISIT_EN = "Return visit: check the issue is solved"
MISSED_CALL_REASON = "(hotline)"  # as the phone system reports it: the kind already says missed call
CANCEL_REASONS = ["customer no longer needs it", "solved on another call", "customer unreachable"]
CONDUCT_NOTES = {
    "missed-meeting": ["未参加晨会", "无故缺席周例会"], "late": ["迟到", "早上迟到，未提前请假"],
    "early-leave": ["早退", "未请假提前离岗"], "absence": ["旷工一天"], "dress-code": ["未佩戴工作牌", "着装不符合要求"],
    "hygiene": ["工位卫生不达标"],
}
APPEAL_REASONS = ["地铁故障，有截图", "家中急事，已口头请假", "工作牌遗失，已补办"]
TAGS_ZH = ["vip", "wholesale", "retail", "distributor", "key-account", "老客户", "经销商", "华南", "华北", "online-shop"]
TAGS_EN = ["vip", "wholesale", "retail", "overseas", "key-account", "online-shop"]
CUSTOMER_NOTES_ZH = ["偏好微信联系", "只在工作日下午接电话", "老客户，介绍过多个新客户", "对价格敏感", "需开具专票",
                     "收货地址在园区，需提前电话联系", "曾投诉过物流，注意跟进"]
CUSTOMER_NOTES_EN = ["Prefers e-mail", "Call after 14:00 only", "Long-standing customer", "Needs VAT invoices",
                     "English-speaking, office in Shanghai"]
