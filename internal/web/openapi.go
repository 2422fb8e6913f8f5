package web

import (
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// obj and the helpers below keep the schema table short.
type obj = map[string]any

func str() obj                { return obj{"type": "string"} }
func strf(format string) obj  { return obj{"type": "string", "format": format} }
func boolean() obj            { return obj{"type": "boolean"} }
func integer() obj            { return obj{"type": "integer"} }
func ref(name string) obj     { return obj{"$ref": "#/components/schemas/" + name} }
func arrayOf(item obj) obj    { return obj{"type": "array", "items": item} }
func enum(vals ...string) obj { return obj{"type": "string", "enum": vals} }
func object(props obj, required ...string) obj {
	o := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}
func listOf(item string) obj {
	return object(obj{"items": arrayOf(ref(item)), "next_cursor": str()}, "items")
}

// apiSchemas are the request and response bodies named in the route table. Domain areas add
// theirs in their own files through registerSchemas.
var apiSchemas = obj{
	"Problem": object(obj{"type": str(), "title": str(), "status": integer(), "detail": str(), "instance": str(),
		"errors": arrayOf(object(obj{"field": str(), "code": str(), "message": str()}))}, "type", "title", "status"),
	"LoginRequest":   object(obj{"email": strf("email"), "password": strf("password")}, "email", "password"),
	"RefreshRequest": object(obj{"refresh_token": str()}, "refresh_token"),
	"TokenPair": object(obj{"access_token": str(), "refresh_token": str(), "token_type": enum("Bearer"),
		"expires_in": integer()}, "access_token", "refresh_token", "token_type", "expires_in"),
	"User": object(obj{"id": str(), "org_id": str(), "email": strf("email"), "name": str(),
		"role": enum("owner", "admin", "organizer", "member"), "language": enum("en", "zh"), "timezone": str(),
		"disabled_at": strf("date-time"), "created_at": strf("date-time")}),
	"Me": object(obj{"id": str(), "email": strf("email"), "name": str(), "role": str(), "language": str(),
		"timezone": str(), "org": ref("OrgRef")}, "id", "org", "role"),
	"OrgRef":   object(obj{"id": str(), "name": str(), "name_zh": str(), "country": str()}),
	"OrgList":  listOf("OrgRef"),
	"UserList": listOf("User"),
	"UserUpdate": object(obj{"name": str(), "language": enum("en", "zh"), "timezone": str(),
		"role": enum("owner", "admin", "organizer", "member"), "disabled": boolean()}),
	"PasswordChange": object(obj{"current_password": str(), "new_password": str()}, "current_password", "new_password"),
	"Organization": object(obj{"id": str(), "slug": str(), "name": str(), "name_zh": str(),
		"country": enum("US", "CN", "HK", "MO", "TW", "OTHER"), "kind": str(), "field": str(), "us_state": str(),
		"is_public": boolean(), "hosts_confucius_institute": boolean(),
		"ongo_status":              enum("registered_office", "temporary_filings", "none", "not_applicable"),
		"ongo_registration_number": str(), "ongo_office_area": str(), "ongo_office_scope": str(), "website": str()}),
	"OrganizationInput": object(obj{"name": str(), "name_zh": str(), "country": str(), "kind": str(), "field": str(),
		"us_state": str(), "is_public": boolean(), "hosts_confucius_institute": boolean(), "ongo_status": str(),
		"ongo_registration_number": str(), "ongo_office_area": str(), "ongo_office_scope": str(), "website": str()}),
	"OrganizationList": listOf("Organization"),
	"OrganizationCreate": object(obj{"slug": str(), "name": str(), "name_zh": str(), "country": str(), "kind": str(),
		"field": str(), "us_state": str(), "ongo_status": str()}, "slug", "name", "country", "kind"),
	"InvitationInput": object(obj{"email": strf("email"), "role": enum("owner", "admin", "organizer", "member")}, "email", "role"),
	"Invitation": object(obj{"id": str(), "email": str(), "role": str(), "expires_at": strf("date-time"),
		"accepted_at": strf("date-time"), "revoked_at": strf("date-time")}),
	"NewInvitation":    object(obj{"id": str(), "email": str(), "role": str(), "token": str(), "url": strf("uri"), "expires_at": strf("date-time")}),
	"NewPasswordReset": object(obj{"id": str(), "user_id": str(), "token": str(), "url": strf("uri"), "expires_at": strf("date-time")}),
	"InvitationList":   listOf("Invitation"),
	"AcceptInvitation": object(obj{"token": str(), "name": str(), "password": str(), "language": str(), "timezone": str()}, "token", "name", "password"),
	"AuditEvent": object(obj{"seq": integer(), "at": strf("date-time"), "actor_id": str(), "action": str(),
		"outcome": str(), "target_type": str(), "target_id": str(), "request_id": str(), "details": str()}),
	"AuditList": listOf("AuditEvent"),
}

var schemaMu sync.Mutex

// registerSchemas adds the schemas of a domain area (called from init in that area's file).
func registerSchemas(m obj) {
	schemaMu.Lock()
	defer schemaMu.Unlock()
	for k, v := range m {
		apiSchemas[k] = v
	}
}

var pathParam = regexp.MustCompile(`:([a-z_]+)`)

// openapiPath turns a gin path into an OpenAPI one (/orgs/:id → /orgs/{id}).
func openapiPath(p string) string { return pathParam.ReplaceAllString(p, "{$1}") }

// OpenAPI builds the OpenAPI 3.1 document from the route table.
func (s *Server) OpenAPI() obj {
	paths := obj{}
	for _, r := range s.routes {
		if !strings.HasPrefix(r.path, "/api/") {
			continue
		}
		p := openapiPath(r.path)
		item, _ := paths[p].(obj)
		if item == nil {
			item = obj{}
			paths[p] = item
		}
		op := obj{"summary": r.summary, "operationId": operationID(r.method, r.path),
			"tags": []string{tagOf(r.path)}}
		var params []obj
		for _, m := range pathParam.FindAllStringSubmatch(r.path, -1) {
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": str()})
		}
		if r.method == http.MethodGet && strings.HasSuffix(r.response, "List") {
			params = append(params,
				obj{"name": "limit", "in": "query", "schema": obj{"type": "integer", "minimum": 1, "maximum": 200}},
				obj{"name": "cursor", "in": "query", "schema": str()})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if r.request != "" {
			ct := "application/json"
			if strings.HasSuffix(r.request, "Upload") {
				ct = "multipart/form-data" // streamed uploads (papers)
			}
			op["requestBody"] = obj{"required": true, "content": obj{ct: obj{"schema": ref(r.request)}}}
		}
		ok := obj{"description": "OK"}
		if r.response != "" {
			ok["content"] = obj{"application/json": obj{"schema": ref(r.response)}}
		}
		problemResp := obj{"description": "Problem", "content": obj{"application/problem+json": obj{"schema": ref("Problem")}}}
		responses := obj{"200": ok, "default": problemResp}
		if r.response == "" && r.method != http.MethodGet {
			responses = obj{"204": obj{"description": "Done"}, "default": problemResp}
		}
		op["responses"] = responses
		if r.access == api {
			op["security"] = []obj{{"bearer": []string{}}, {"cookie": []string{}}}
		}
		item[strings.ToLower(r.method)] = op
	}
	schemaMu.Lock()
	schemas := obj{}
	for k, v := range apiSchemas {
		schemas[k] = v
	}
	schemaMu.Unlock()
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "Tracktwo API", "version": "1",
			"description": "Track-two dialogue coordination. Errors are RFC 9457 problem+json; lists are paginated with ?limit=&cursor=."},
		"servers": []obj{{"url": s.cfg.BaseURL}},
		"paths":   paths,
		"components": obj{
			"schemas": schemas,
			"securitySchemes": obj{
				"bearer": obj{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
				"cookie": obj{"type": "apiKey", "in": "cookie", "name": cookieAccess},
			},
		},
	}
}

func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/") {
		seg = strings.TrimPrefix(seg, ":")
		seg = strings.NewReplacer("-", "_", ".", "_").Replace(seg)
		for _, part := range strings.Split(seg, "_") {
			if part != "" {
				b.WriteString(strings.ToUpper(part[:1]) + part[1:])
			}
		}
	}
	return b.String()
}

func tagOf(path string) string {
	seg := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")[0]
	return seg
}

func (s *Server) openapi(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300")
	c.JSON(http.StatusOK, s.OpenAPI())
}
