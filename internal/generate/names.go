package generate

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Surnames by frequency (the commonest first); weights fall off as in the
// population, roughly 1/rank.
var surnames = strings.Fields(`王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗
	郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈
	姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯
	龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文 牛 樊 葛 邢 安
	齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 欧阳 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符
	舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍
	华 喻 祁 蒲 房 滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦
	戚 岑 景 党 宫 费 卜 冷 晏 席 卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和 仇 栾
	隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩 明 佘 池 查 麻 苑 迟 邝 司马 上官 诸葛`)

var surnameCum = func() []float64 {
	w := make([]float64, len(surnames))
	for i := range w {
		w[i] = 1 / float64(i+4)
	}
	return cumulative(w)
}()

// Characters of given names, by sex, and neutral ones.
var (
	givenMale   = []rune("伟强磊军勇杰涛明超刚平辉鹏华飞斌波宇浩凯健俊帆帅旭宁龙林洋峰建国志新东海亮成文博晨阳鑫昊天瑞泽然睿轩铭")
	givenFemale = []rune("芳娜敏静丽艳娟霞秀英华玉兰萍红燕梅琳莉雪婷慧颖倩琴云洁晶欣怡佳悦蕾璐瑶涵雨萱婧妍琪")
	givenAny    = []rune("子一思嘉梓可雅晓春秋立文明振永德玉金")
)

// personName draws a Chinese name for a man or a woman.
func personName(rng *rand.Rand, male bool) string {
	pool := givenFemale
	if male {
		pool = givenMale
	}
	var b strings.Builder
	b.WriteString(surnames[choose(rng, surnameCum)])
	if rng.IntN(10) < 7 { // two-character given names are the commoner
		if rng.IntN(3) == 0 {
			b.WriteRune(givenAny[rng.IntN(len(givenAny))])
		} else {
			b.WriteRune(pool[rng.IntN(len(pool))])
		}
	}
	b.WriteRune(pool[rng.IntN(len(pool))])
	return b.String()
}

// Trade names (字号) are two characters drawn from these.
var tradeChars = []rune("京华北辰燕山长安朝晖中关国贸望京东方永定西山金源博远恒信泰和鼎盛宏达兴隆瑞丰天宇新港百川嘉禾聚德汇通鸿运康泰安平致远明道正阳益民同仁福顺")

func tradeName(rng *rand.Rand) string {
	return string([]rune{tradeChars[rng.IntN(len(tradeChars))], tradeChars[rng.IntN(len(tradeChars))]})
}

// Words naming what an enterprise does, by GB/T 4754 division.
var tradeWords = map[string][]string{
	"13": {"食品加工"}, "14": {"食品"}, "27": {"医药", "生物制药"}, "34": {"机械设备"}, "36": {"汽车"},
	"39": {"电子", "通信设备"}, "44": {"热力", "电力"}, "47": {"建设", "建筑工程"}, "48": {"市政工程", "路桥"},
	"50": {"装饰工程", "建筑装饰"}, "51": {"商贸", "贸易"}, "52": {"商业", "超市", "连锁"}, "54": {"汽车运输", "出租汽车", "客运"},
	"59": {"仓储", "物流"}, "60": {"快递", "速递"}, "61": {"酒店管理", "宾馆"}, "62": {"餐饮管理", "餐饮"},
	"63": {"通信"}, "64": {"网络科技", "互联网信息服务"}, "65": {"软件", "信息技术", "科技"}, "66": {"金融服务"},
	"67": {"投资管理"}, "68": {"保险代理"}, "70": {"房地产开发", "物业管理"}, "71": {"租赁"}, "72": {"商务咨询", "企业管理", "保安服务", "人力资源"},
	"73": {"技术研究"}, "74": {"工程设计", "检测"}, "78": {"环境卫生", "园林绿化"}, "80": {"家政服务", "洗染"},
	"81": {"汽车维修"}, "83": {"教育咨询"}, "84": {"医疗管理"}, "85": {"养老服务"}, "87": {"影视文化"}, "88": {"文化艺术", "演艺"}, "90": {"娱乐"},
}

var companyForms = []string{"有限公司", "有限公司", "有限责任公司", "股份有限公司"}

// Names of individual businesses, public institutions and social
// organizations by kind.
var (
	shopWords        = []string{"餐馆", "便利店", "美发店", "汽车修理部", "烟酒店", "洗衣店", "水果店", "小吃店"}
	schoolWords      = []string{"中学", "小学", "幼儿园", "职业学校"}
	institutionWords = map[string][]string{
		"84": {"社区卫生服务中心", "医院", "中医医院", "妇幼保健院"},
		"92": {"街道办事处", "人力资源和社会保障局", "市场监督管理所", "城市管理执法队", "税务所"},
		"73": {"研究所", "研究院"}, "88": {"文化馆", "图书馆", "剧院"}, "94": {"社会保险事务中心", "社会福利院"},
		"91": {"党校"}, "78": {"公园管理处", "园林绿化所"},
	}
	socialWords = map[string][]string{
		"95": {"协会", "商会", "促进会", "联合会"}, "96": {"社区居民委员会", "村民委员会"},
		"83": {"培训学校", "职业技能培训学校"}, "85": {"养老服务中心", "社会工作事务所"},
		"84": {"门诊部"}, "72": {"基金会", "研究中心"},
	}
)

// ordinal writes 1 → "第一", 12 → "第十二" for small numbers, digits above.
func ordinal(n int) string {
	if n > 99 {
		return "第" + strconv.Itoa(n)
	}
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return "第" + digits[n]
	case n < 20:
		return "第十" + digits[n%10]
	}
	return "第" + digits[n/10] + "十" + digits[n%10]
}
