"""Where the demo's customers are and the numbers they call from: cities, area codes, mobile
prefixes, and the carriers' waybill prefixes."""

from __future__ import annotations

# city, landline area code, weight
CN_CITIES = [
    ("北京", "010", 10), ("上海", "021", 10), ("广州", "020", 8), ("深圳", "0755", 9), ("杭州", "0571", 6),
    ("成都", "028", 6), ("武汉", "027", 5), ("南京", "025", 5), ("苏州", "0512", 4), ("重庆", "023", 4),
    ("天津", "022", 4), ("西安", "029", 4), ("长沙", "0731", 3), ("青岛", "0532", 3),
]
EN_CN_CITIES = ["Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Hangzhou", "Suzhou"]
US_CITIES = [("New York", "212"), ("New York", "646"), ("San Francisco", "415"), ("Los Angeles", "310"),
             ("Boston", "617"), ("Seattle", "206"), ("Chicago", "312"), ("Austin", "512"), ("San Jose", "408")]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                   "156", "157", "158", "159", "166", "176", "177", "180", "181", "185", "186", "187", "188",
                   "189", "198", "199"]
WAYBILL_PREFIXES = [("SF", 12), ("YT", 13), ("JD", 13), ("ZTO", 12)]  # carrier, digits after the prefix
