package names

import "strings"

// pinyinSyllables is the Hanyu Pinyin syllable inventory, toneless, with ü
// written "v" (lv, nv, lve, nve) as go-pinyin's Normal style writes it. It was
// extracted from the readings in github.com/mozillazg/go-pinyin v0.21.0
// (PinyinDict, itself built from the Unihan kHanyuPinyin/kMandarin data) and
// checked against the syllable table of GB/T 16159 / Wikipedia "Pinyin table";
// dialect-only or marginal readings (biang, bong, den, din, fiao, wong, cei,
// kei, tei, len, nia, lo, yo, rua, nun, chua, zhei) are left out.
const pinyinSyllables = `a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu
ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chuai chuan
chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei deng di dia dian diao
die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan
gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng
hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei
leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lv lve ma mai man mang mao me mei
men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao
nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin
ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen
sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan
tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yong you yu
yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou
zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo`

// splitInitial splits a toneless pinyin syllable into its initial (possibly
// empty) and final.
func splitInitial(p string) (string, string) {
	for _, in := range [...]string{"zh", "ch", "sh"} {
		if strings.HasPrefix(p, in) {
			return in, p[2:]
		}
	}
	if p != "" && strings.IndexByte("bpmfdtnlgkhjqxrzcsyw", p[0]) >= 0 {
		return p[:1], p[1:]
	}
	return "", p
}

// wadeGiles returns the Wade-Giles spellings of a pinyin syllable as lists
// write them: without tone numbers, without the aspiration apostrophe (which
// lists and passports drop: "Chang" for both 张 zhang and 常 chang) and with
// ü written "v" (the caller adds the "u" spelling). The conversion rules
// follow the pinyin ↔ Wade-Giles correspondence table in Wikipedia
// "Wade–Giles" (section "Comparison chart") and the Library of Congress
// "Pinyin Conversion Project: New Chinese Romanization Guidelines" (2000).
func wadeGiles(p string) []string {
	switch p {
	case "zhi", "chi":
		return []string{"chih"}
	case "shi":
		return []string{"shih"}
	case "ri":
		return []string{"jih"}
	case "zi", "ci":
		return []string{"tzu"}
	case "si":
		return []string{"ssu", "szu"}
	case "er":
		return []string{"erh"}
	case "e":
		return []string{"o", "e"}
	case "ye":
		return []string{"yeh"}
	case "yan":
		return []string{"yen"}
	case "you":
		return []string{"yu"}
	case "yong":
		return []string{"yung"}
	case "yu":
		return []string{"yv"}
	case "yue":
		return []string{"yveh", "yueh"}
	case "yuan":
		return []string{"yvan", "yuan"}
	case "yun":
		return []string{"yvn", "yun"}
	case "yi":
		return []string{"i", "yi"}
	}
	in, fin := splitInitial(p)
	switch in {
	case "j", "q", "x":
		switch fin {
		case "u":
			fin = "v"
		case "ue":
			fin = "ve"
		case "uan":
			fin = "van"
		case "un":
			fin = "vn"
		}
	}
	switch {
	case fin == "ong":
		fin = "ung"
	case fin == "iong":
		fin = "iung"
	case fin == "ian":
		fin = "ien"
	case fin == "ie":
		fin = "ieh"
	case fin == "ve":
		fin = "veh"
	case fin == "uo" && in != "g" && in != "k" && in != "h" && in != "sh" && in != "":
		fin = "o"
	case fin == "e" && (in == "g" || in == "k" || in == "h"):
		fin = "o"
	case fin == "ui" && (in == "g" || in == "k"):
		fin = "uei"
	}
	switch in {
	case "zh", "j", "q":
		in = "ch"
	case "ch":
		in = "ch"
	case "x":
		in = "hs"
	case "r":
		in = "j"
	case "z", "c":
		in = "ts"
	case "b":
		in = "p"
	case "d":
		in = "t"
	case "g":
		in = "k"
	}
	return []string{in + fin}
}

// tongyong returns the Tongyong Pinyin spelling of a pinyin syllable
// (toneless), the official romanisation of Taiwan 2002–2008 still found in
// Taiwanese passports and addresses. Rules from Wikipedia "Tongyong Pinyin"
// (section "Differences from Hanyu Pinyin") and the 2002 Ministry of
// Education table.
func tongyong(p string) string {
	switch p {
	case "zhi":
		return "jhih"
	case "chi":
		return "chih"
	case "shi":
		return "shih"
	case "ri":
		return "rih"
	case "zi":
		return "zih"
	case "ci":
		return "cih"
	case "si":
		return "sih"
	case "wen":
		return "wun"
	case "weng":
		return "wong"
	case "lv":
		return "lyu"
	case "nv":
		return "nyu"
	case "lve":
		return "lyue"
	case "nve":
		return "nyue"
	}
	in, fin := splitInitial(p)
	switch in {
	case "j", "q", "x":
		switch fin {
		case "u", "ue", "uan", "un":
			fin = "y" + fin
		case "iong":
			fin = "yong"
		}
	}
	switch {
	case fin == "eng" && (in == "b" || in == "p" || in == "m" || in == "f"):
		fin = "ong"
	case fin == "iu":
		fin = "iou"
	case fin == "ui":
		fin = "uei"
	}
	switch in {
	case "zh":
		in = "jh"
	case "q":
		in = "c"
	case "x":
		in = "s"
	}
	return in + fin
}
