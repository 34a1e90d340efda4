import HospitalReport

/// The service's pages: one layout (a bar of links by role, who is signed in, a logout form),
/// forms that always carry the session's CSRF token, and text always escaped. No script but
/// the progress poller served from /static.
enum Page {
    static func escape(_ s: String) -> String { Report.escape(s) }

    static let style = Report.chartStyle + "\n" + """
        body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
        header{background:#17324d;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;align-items:center;flex-wrap:wrap}
        header a{color:#fff;text-decoration:none}header a.here{border-bottom:2px solid #fff}
        header .who{margin-left:auto;font-size:.9em}header form{display:inline}
        header button{background:none;border:1px solid #fff;color:#fff;border-radius:3px;cursor:pointer}
        main{padding:1em 1.5em;max-width:1200px}
        table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
        th{background:#eef2f6}td.l,th.l{text-align:left}
        .risk{background:#fde2e1}.ok{background:#e3f4e5}.note{color:#555;font-size:.9em}
        .error{background:#fde2e1;border:1px solid #c33;padding:.5em 1em}
        .cards{display:flex;flex-wrap:wrap;gap:1em}.card{background:#fff;border:1px solid #ddd;padding:.6em;border-radius:4px}
        label{display:block;margin:.3em 0}input[type=text],input[type=number],input[type=password],select{padding:.2em;min-width:12em}
        textarea{width:100%;font-family:monospace}
        progress{width:30em;height:1.2em}
        """

    /// A whole page. `session` nil: the signed-out layout (the login page).
    static func layout(_ title: String, session: SessionStore.Session?, here: String = "", body: String, refresh: Int? = nil,
                       script: Bool = false) -> String {
        var links: [(String, String)] = [("/", "Operations"), ("/whatif", "What-if"), ("/teaching", "Teaching"), ("/studies", "Studies")]
        if session?.role == .admin { links.append(("/admin", "Admin")) }
        let bar = session.map { s in
            links.map { "<a href=\"\($0.0)\"\($0.0 == here ? " class=\"here\"" : "")>\($0.1)</a>" }.joined()
                + "<span class=\"who\">\(escape(s.user)) (\(s.role.rawValue))</span>"
                + form("/logout", csrf: s.csrf, "", submit: "Log out")
        } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) · hospsim</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
            <link rel="stylesheet" href="/static/site.css">
            \(script ? "<script src=\"/static/progress.js\" defer></script>" : "")
            </head><body>
            <header><strong>hospsim</strong>\(bar)</header>
            <main>
            <h1>\(escape(title))</h1>
            \(body)
            </main></body></html>

            """
    }

    /// A POST form with the CSRF token.
    static func form(_ action: String, csrf: String, _ fields: String, submit: String, id: String? = nil) -> String {
        "<form method=\"post\" action=\"\(escape(action))\"\(id.map { " id=\"\(escape($0))\"" } ?? "")>"
            + "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(csrf))\">\(fields)<button type=\"submit\">\(escape(submit))</button></form>"
    }

    static func error(_ message: String) -> String { "<p class=\"error\" role=\"alert\">\(escape(message))</p>" }

    /// A table with a header row; cells are escaped unless marked raw by the caller.
    static func table(_ header: [String], _ rows: [[String]], leftColumns: Int = 1, id: String? = nil) -> String {
        func cell(_ tag: String, _ i: Int, _ text: String) -> String {
            "<\(tag)\(i < leftColumns ? " class=\"l\"" : "")>\(escape(text))</\(tag)>"
        }
        return "<table\(id.map { " id=\"\(escape($0))\"" } ?? "")><tr>" + header.enumerated().map { cell("th", $0, $1) }.joined() + "</tr>"
            + rows.map { "<tr>" + $0.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>" }.joined() + "</table>"
    }

    /// The site's icon: a white cross on the header's blue.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#17324d"/>\
        <path d="M6 3h4v3h3v4h-3v3H6v-3H3V6h3z" fill="#fff"/></svg>
        """

    /// Polls /studies/ID/progress and moves the bar; reloads the page when the study ends.
    static let progressScript = """
        (function(){
          var bar=document.getElementById('progress');if(!bar)return;
          var url=bar.getAttribute('data-url');
          function poll(){fetch(url,{credentials:'same-origin'}).then(function(r){return r.json()}).then(function(p){
            if(p.total>0){bar.max=p.total;bar.value=p.done;}
            var t=document.getElementById('progress-text');if(t)t.textContent=p.state+': '+p.done+' of '+p.total+' replications';
            if(p.state==='queued'||p.state==='running'){setTimeout(poll,700);}else{location.reload();}
          }).catch(function(){setTimeout(poll,2000)});}
          poll();
        })();
        """
}
