package names

import (
	"math/rand/v2"
	"strings"

	"github.com/mozillazg/go-pinyin"
)

// Realistic synthetic names for benchmarks: Chinese surnames weighted by
// frequency (the 2020 census ranking), common given-name characters, and
// English given names and surnames (US Census 2010 surname list and SSA
// given-name list, most frequent first).
var (
	genSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	genGiven    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏建文辉力婷飞斌宇浩凯健俊帆瑞鑫琳晨欣雪梅兰晓波志国海峰东晶颖慧林玲芬燕宁鹤云龙宏斌新家佳子嘉怡博思雨轩梓涵一诺浩然宇航子涵欣怡")
	genFirst    = strings.Fields("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Edward Sharon Jason Laura Jeffrey Cynthia Ryan Kathleen Jacob Amy Gary Angela Nicholas Shirley Eric Anna Jonathan Brenda Stephen Pamela Larry Emma Justin Nicole Scott Helen Brandon Samantha Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Frank Carolyn Patrick Janet Raymond Catherine Jack Maria Dennis Heather")
	genLast     = strings.Fields("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez")
)

// zipf picks an index in [0, n) with probability falling off with rank.
func zipf(r *rand.Rand, n int) int {
	for {
		i := int(float64(n) * r.Float64() * r.Float64())
		if i < n {
			return i
		}
	}
}

func genPinyin(s string) []string {
	a := pinyin.NewArgs()
	return pinyin.LazyPinyin(s, a)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// genName returns a realistic list or participant name: a Chinese name in
// Hanzi or in pinyin (in one of the orders lists use), or an English name.
func genName(r *rand.Rand) string {
	if r.IntN(10) < 3 {
		n := genFirst[zipf(r, len(genFirst))] + " " + genLast[zipf(r, len(genLast))]
		if r.IntN(4) == 0 {
			n = strings.ToUpper(genLast[zipf(r, len(genLast))]) + ", " + genFirst[zipf(r, len(genFirst))] + " " + string(rune('A'+r.IntN(26))) + "."
		}
		return n
	}
	han := []rune{genSurnames[zipf(r, len(genSurnames))]}
	for k := 1 + r.IntN(2); k > 0; k-- {
		han = append(han, genGiven[r.IntN(len(genGiven))])
	}
	if r.IntN(2) == 0 {
		return string(han)
	}
	py := genPinyin(string(han))
	if len(py) != len(han) {
		return string(han)
	}
	sur, giv := capital(py[0]), capital(strings.Join(py[1:], ""))
	switch r.IntN(3) {
	case 0:
		return sur + " " + giv
	case 1:
		return strings.ToUpper(sur) + ", " + giv
	}
	return giv + " " + sur
}

// genEntries returns n synthetic list entries with one or two names and a
// birth year.
func genEntries(seed uint64, n int) []Entry {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]Entry, n)
	for i := range out {
		e := Entry{ID: "g" + itoa(i), Names: []string{genName(r)}}
		if r.IntN(3) == 0 {
			e.Names = append(e.Names, genName(r))
		}
		e.BirthDates = []string{itoa(1940 + r.IntN(60))}
		out[i] = e
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	p := len(b)
	for ; i > 0; i /= 10 {
		p--
		b[p] = byte('0' + i%10)
	}
	return string(b[p:])
}
