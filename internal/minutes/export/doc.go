// Package export renders a redacted minutes View (see package minutes) as PDF, DOCX,
// Markdown, HTML or JSON, in English, Chinese or both side by side. Every output states the
// export level, the revision and version, and the agreement status.
//
// Renderers print only what the View holds: redaction happens before, in minutes.Redact.
// They read no file and fetch no URL named by user content (requirement E2): user text is
// escaped for each format, so Markdown image syntax or an HTML <img> in a statement comes out
// as inert text. The PDF renderer embeds a CJK font (fonts/DroidSansFallbackFull.ttf.gz,
// Apache-2.0) compiled into the binary, gzip-compressed, inflated by the first PDF export.
package export
