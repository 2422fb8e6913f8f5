package names

// Tables of surname readings and regional spellings. Each table names its
// source; entries are lowercase, toneless, with ü written "v".

// surnameReadings gives the reading of characters that are read differently
// when they are a surname (simplified forms; traditional input is converted
// first). The first reading is the usual one, a second is also attested.
// Source: 《现代汉语词典》 (7th ed., 2016) entries marked 姓; Wikipedia (zh)
// "多音字姓氏" / "中文姓氏读音"; the Ministry of Public Security name
// statistics notes on 单 (Shan), 解 (Xie), 仇 (Qiu), 区 (Ou) and 朴 (Piao).
var surnameReadings = map[rune][]string{
	'单': {"shan"}, '曾': {"zeng"}, '解': {"xie"}, '仇': {"qiu"}, '区': {"ou"},
	'朴': {"piao"}, '查': {"zha"}, '盖': {"ge"}, '缪': {"miao"}, '覃': {"qin", "tan"},
	'翟': {"zhai"}, '乐': {"yue", "le"}, '召': {"shao"}, '种': {"chong"}, '眭': {"sui"},
	'秘': {"bi"}, '繁': {"po"}, '句': {"gou"}, '黑': {"he"}, '折': {"she"},
	'员': {"yun"}, '阚': {"kan"}, '那': {"na"}, '过': {"guo"}, '薄': {"bo"},
	'华': {"hua"}, '任': {"ren"}, '纪': {"ji"}, '宁': {"ning"}, '燕': {"yan"},
	'石': {"shi"}, '蕃': {"pi"}, '隗': {"wei"}, '尉': {"wei"}, '万': {"wan"},
	'柏': {"bai"}, '便': {"pian"}, '粘': {"nian"}, '能': {"nai"}, '冼': {"xian"},
	'沈': {"shen"}, '重': {"chong"}, '长': {"chang"}, '藏': {"zang"}, '都': {"du"},
	'卜': {"bu"}, '逄': {"pang"}, '朝': {"chao"}, '相': {"xiang"}, '蔚': {"yu", "wei"},
	'殷': {"yin"}, '莫': {"mo"}, '曲': {"qu"}, '尽': {"jin"},
	'适': {"kuo"}, '祭': {"zhai"}, '铅': {"yan"}, '扈': {"hu"}, '贲': {"ben"},
}

// compoundSurnames lists two-character surnames (复姓) with their readings.
// Source: 《百家姓》 compound-surname section and Wikipedia (zh) "复姓"; the
// readings of 尉迟 (Yuchi), 万俟 (Moqi), 单于 (Chanyu), 长孙 (Zhangsun) and
// 澹台 (Tantai) follow 《现代汉语词典》.
var compoundSurnames = map[string]string{
	"欧阳": "ou yang", "司马": "si ma", "上官": "shang guan", "诸葛": "zhu ge",
	"东方": "dong fang", "皇甫": "huang fu", "尉迟": "yu chi", "公孙": "gong sun",
	"慕容": "mu rong", "长孙": "zhang sun", "宇文": "yu wen", "司徒": "si tu",
	"夏侯": "xia hou", "轩辕": "xuan yuan", "令狐": "ling hu", "端木": "duan mu",
	"独孤": "du gu", "南宫": "nan gong", "西门": "xi men", "万俟": "mo qi",
	"闻人": "wen ren", "澹台": "tan tai", "公冶": "gong ye", "宗政": "zong zheng",
	"濮阳": "pu yang", "淳于": "chun yu", "单于": "chan yu", "太叔": "tai shu",
	"申屠": "shen tu", "钟离": "zhong li", "呼延": "hu yan", "东郭": "dong guo",
	"百里": "bai li", "拓跋": "tuo ba", "赫连": "he lian", "司空": "si kong",
	"第五": "di wu", "谷梁": "gu liang", "乐正": "yue zheng", "公羊": "gong yang",
	"仲孙": "zhong sun", "左丘": "zuo qiu", "羊舌": "yang she", "微生": "wei sheng",
	"梁丘": "liang qiu", "巫马": "wu ma", "亓官": "qi guan", "司寇": "si kou",
	"颛孙": "zhuan sun", "公良": "gong liang", "漆雕": "qi diao", "鲜于": "xian yu",
	"闾丘": "lv qiu", "东门": "dong men", "公西": "gong xi", "段干": "duan gan",
}

// cantoneseSurnames maps Hong Kong Government Cantonese Romanisation
// spellings of surnames (as on HKSAR identity cards and passports) to the
// pinyin of the characters they usually stand for. Source: Wikipedia "List of
// common Chinese surnames" (Cantonese column) and "Hong Kong Government
// Cantonese Romanisation" (examples of surnames), cross-checked with the
// Unihan kCantonese readings of each character.
var cantoneseSurnames = map[string][]string{
	"chan": {"chen"}, "wong": {"huang", "wang"}, "lee": {"li"}, "cheung": {"zhang"},
	"leung": {"liang"}, "lau": {"liu"}, "lam": {"lin"}, "ng": {"wu"}, "ho": {"he"},
	"kwok": {"guo"}, "law": {"luo"}, "lo": {"luo", "lu"}, "tse": {"xie"}, "tang": {"deng"},
	"chow": {"zhou"}, "chau": {"zhou", "qiu"}, "yip": {"ye"}, "ip": {"ye"}, "fung": {"feng"},
	"choi": {"cai"}, "tsoi": {"cai"}, "hui": {"xu"}, "tsang": {"zeng"}, "pang": {"peng"},
	"yeung": {"yang"}, "yau": {"qiu", "you"}, "mak": {"mai"}, "yue": {"yu"},
	"lui": {"lv", "lei"}, "chung": {"zhong"}, "poon": {"pan"}, "yuen": {"yuan", "ruan"},
	"chu": {"zhu"}, "fong": {"fang"}, "chiu": {"zhao"}, "suen": {"sun"}, "yim": {"yan"},
	"liu": {"liao"}, "kong": {"jiang"}, "tong": {"tang"}, "tsui": {"xu", "cui"},
	"siu": {"xiao"}, "shum": {"cen", "shen"}, "sham": {"cen", "shen"}, "au": {"ou"},
	"lung": {"long"}, "hon": {"han"}, "mok": {"mo"}, "wan": {"wen", "yin"},
	"yiu": {"yao"}, "ko": {"gao"}, "kwong": {"kuang"}, "kam": {"gan", "jin"}, "kwan": {"guan"},
	"tai": {"dai"}, "wai": {"wei"}, "shek": {"shi"}, "foo": {"fu"}, "koo": {"gu"},
	"shiu": {"shao"}, "ngai": {"wei", "ni"}, "mo": {"mao"}, "man": {"wen"}, "kan": {"jian"},
	"or": {"ke"}, "hau": {"hou"}, "hung": {"kong", "hong"}, "sung": {"song"}, "ting": {"ding"},
	"to": {"du"}, "lok": {"luo"}, "yan": {"yin"}, "yung": {"rong", "weng"}, "luk": {"lu"},
	"tin": {"tian"}, "sit": {"xue"}, "sin": {"xian"}, "lai": {"li", "lai"}, "chong": {"zhuang"},
	"ngan": {"yan"}, "tam": {"tan"}, "cho": {"cao"}, "chin": {"qian"}, "sze": {"shi"},
	"woo": {"hu"}, "ching": {"cheng"}, "tso": {"cao", "zuo"}, "lei": {"li"}, "mui": {"mei"},
	"keung": {"jiang"}, "tsao": {"cao"}, "koon": {"guan"},
}

// hokkienSurnames maps Hokkien / Teochew / Hakka spellings of surnames used in
// Taiwan, Singapore and Malaysia to pinyin. Source: Wikipedia "List of common
// Chinese surnames" (Hokkien, Teochew and Hakka columns) and "Singapore
// Chinese names" (romanisation of surnames in NRIC spellings).
var hokkienSurnames = map[string][]string{
	"tan": {"chen"}, "lim": {"lin"}, "lee": {"li"}, "ng": {"huang", "wu"}, "ong": {"wang"},
	"goh": {"wu"}, "chua": {"cai"}, "koh": {"xu"}, "teo": {"zhang"}, "tay": {"zheng"},
	"yeo": {"yang"}, "low": {"liu"}, "sim": {"shen"}, "chia": {"xie"}, "toh": {"du", "zhuo"},
	"quek": {"guo"}, "seah": {"she"}, "khoo": {"qiu"}, "heng": {"wang"}, "ang": {"hong"},
	"chew": {"zhou"}, "liew": {"liu"}, "phua": {"pan"}, "soh": {"su"}, "teh": {"zheng"},
	"tee": {"zheng"}, "neo": {"liang"}, "gan": {"yan"}, "ooi": {"huang"}, "oei": {"huang"},
	"kang": {"jiang"}, "chai": {"cai"}, "loh": {"luo"}, "lau": {"liu"}, "tng": {"tang"},
	"png": {"fang"}, "ting": {"chen"}, "chong": {"zhang", "zhuang"}, "kuan": {"guan"},
}

// cantoneseGiven maps common Cantonese (HK Government romanisation) given-name
// syllables to the pinyin of the characters they usually write. Source:
// Unihan kCantonese readings of the 500 most frequent given-name characters
// (Wikipedia "Chinese given name"), converted from Jyutping to the HK
// Government spelling by the correspondence table in Wikipedia "Hong Kong
// Government Cantonese Romanisation".
var cantoneseGiven = map[string][]string{
	"wai": {"wei", "hui"}, "man": {"wen", "min"}, "kit": {"jie"}, "wing": {"rong", "yong"},
	"kwok": {"guo"}, "ka": {"jia"}, "yan": {"en", "xin", "ren", "yin"}, "chi": {"zhi", "zi"},
	"siu": {"xiao", "shao"}, "kin": {"jian"}, "fai": {"hui"}, "ho": {"hao", "he"},
	"hoi": {"hai", "kai"}, "tak": {"de"}, "keung": {"qiang"}, "kwan": {"jun", "kun"},
	"chun": {"zhen", "jun"}, "yee": {"yi"}, "sze": {"si", "shi"}, "shing": {"cheng", "sheng"},
	"hing": {"xing", "qing"}, "kei": {"ji", "qi"}, "wah": {"hua"}, "hong": {"kang"},
	"lok": {"le"}, "on": {"an"}, "yuk": {"yu"}, "tung": {"dong", "tong"}, "hin": {"xian"},
	"pui": {"pei", "bei"}, "sau": {"xiu", "shou"}, "kam": {"jin", "gan"}, "po": {"bao"},
	"tsz": {"zi", "ci"}, "sum": {"sen", "xin"}, "yiu": {"yao"}, "kai": {"qi", "jie"},
	"hei": {"xi"}, "lap": {"li"}, "moon": {"man"}, "mun": {"man"}, "king": {"jing", "qing"},
	"cheuk": {"zhuo"}, "fat": {"fa"}, "tsun": {"jun"}, "yat": {"yi", "ri"},
	"kuen": {"quan"}, "cheong": {"chang", "xiang"}, "pak": {"bai"}, "hang": {"heng", "xing"},
	"wang": {"hong"}, "kwai": {"gui"}, "yin": {"xian", "yan"}, "tim": {"tian"}, "lung": {"long"},
	"chiu": {"zhao", "chao"}, "hoo": {"hao"}, "choi": {"cai"}, "wun": {"huan"}, "wa": {"hua"},
	"kong": {"gang", "jiang"}, "fook": {"fu"}, "lai": {"li"}, "nam": {"nan"}, "shu": {"shu"},
	"yu": {"ru", "yu"}, "suet": {"xue"}, "fung": {"feng"}, "kwun": {"guan", "jun"},
	"chung": {"zhong", "cong", "song"}, "hiu": {"xiao"}, "lam": {"lin"}, "sang": {"sheng"}, "kiu": {"qiao"}, "chak": {"ze"}, "shun": {"shun", "xin"},
}
