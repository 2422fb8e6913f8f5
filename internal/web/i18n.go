package web

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

//go:embed locales/*.yaml
var localeFS embed.FS

// Languages are the UI languages, in the order the language switch shows them.
var Languages = []string{"en", "zh"}

var langTags = []language.Tag{language.English, language.SimplifiedChinese}

var langMatcher = language.NewMatcher(langTags)

// I18n holds the message bundle, loaded once at start.
type I18n struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	ids        map[string]map[string]bool // lang → message ids
}

// LoadI18n reads every locales/*.<lang>.yaml file.
func LoadI18n() (*I18n, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	ids := map[string]map[string]bool{"en": {}, "zh": {}}
	files, err := fs.Glob(localeFS, "locales/*.yaml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		raw, err := localeFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		mf, err := b.ParseMessageFileBytes(raw, f)
		if err != nil {
			return nil, fmt.Errorf("locale file %s: %w", f, err)
		}
		lang := "en"
		if mf.Tag.String() != "en" {
			lang = "zh"
		}
		for _, m := range mf.Messages {
			ids[lang][m.ID] = true
		}
	}
	return &I18n{bundle: b, ids: ids, localizers: map[string]*i18n.Localizer{
		"en": i18n.NewLocalizer(b, "en"),
		"zh": i18n.NewLocalizer(b, "zh-Hans", "zh"),
	}}, nil
}

// MissingKeys lists message ids present in one language but not the other.
func (x *I18n) MissingKeys() []string {
	var out []string
	for id := range x.ids["en"] {
		if !x.ids["zh"][id] {
			out = append(out, "zh lacks "+id)
		}
	}
	for id := range x.ids["zh"] {
		if !x.ids["en"][id] {
			out = append(out, "en lacks "+id)
		}
	}
	sort.Strings(out)
	return out
}

// IDs returns every message id.
func (x *I18n) IDs() []string {
	out := make([]string, 0, len(x.ids["en"]))
	for id := range x.ids["en"] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Has reports whether id exists.
func (x *I18n) Has(id string) bool { return x.ids["en"][id] }

// T translates id into lang with template data from key/value pairs. An unknown id returns the
// id itself, so a missing message is visible rather than blank.
func (x *I18n) T(lang, id string, kv ...any) string {
	l := x.localizers[lang]
	if l == nil {
		l = x.localizers["en"]
	}
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(kv) > 0 {
		data := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			data[k] = kv[i+1]
			if k == "Count" {
				cfg.PluralCount = kv[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// A message without the plural form the count asks for (most have only "other") is
		// still the right text: use it rather than show the id.
		cfg.PluralCount = nil
		s, err = l.Localize(cfg)
	}
	if err != nil {
		return id
	}
	return s
}

// MatchLanguage picks en or zh from an Accept-Language header.
func MatchLanguage(r *http.Request) string {
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	_, idx, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	return Languages[idx]
}

// normLang returns lang if supported, else "".
func normLang(lang string) string {
	lang = strings.ToLower(lang)
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	return ""
}
