package privacy

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/tracktwo/tracktwo/internal/files"
)

// readme explains the archive, in both languages.
const readme = `This archive holds everything this organization keeps in Tracktwo about one person:
person.json  the registry record, consent history, sessions, authored papers, statements in
             minutes and screening flags;
papers/      every version of each paper that names the person as an author.
Off-the-record statements are listed without their text (it never leaves the minutes editor).

本压缩包包含本机构在 Tracktwo 中保存的关于此人的全部资料：
person.json  名册记录、同意记录、参加的会议、署名论文、纪要中的发言和筛查标记；
papers/      署名论文的每一个版本。
不公开记录的发言只列出条目，不含内容（内容不离开纪要编辑器）。
`

// WriteZip writes the report as a ZIP: README.txt, person.json and the paper files. Files are
// named by the server (paper id, version number and a cleaned name), never by user paths.
func (s *Service) WriteZip(ctx context.Context, w io.Writer, r *Report) error {
	zw := zip.NewWriter(w)
	if err := add(zw, "README.txt", strings.NewReader(readme)); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := add(zw, "person.json", strings.NewReader(string(js))); err != nil {
		return err
	}
	for _, p := range r.Papers {
		for _, v := range p.Versions {
			f, err := s.files.Open(ctx, v.StorageKey)
			if err != nil {
				return fmt.Errorf("paper %s version %d: %w", p.PaperID, v.Number, err)
			}
			name := path.Join("papers", p.PaperID, fmt.Sprintf("v%d-%s", v.Number, files.DownloadName(v.FileName, files.Kind(v.Kind))))
			err = add(zw, name, f)
			f.Close()
			if err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

func add(zw *zip.Writer, name string, r io.Reader) error {
	w, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}
