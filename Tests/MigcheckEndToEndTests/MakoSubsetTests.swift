import Foundation
import Testing

@testable import MigcheckCore

/// migcheck's Mako subset against real Mako: for each snippet both render the same text, or both fail.
@Suite("Mako subset compared with real Mako")
struct MakoSubsetTests {
    static let snippets: [String] = [
        "a\n<% y = 'v' %>\nb ${y}\n## a comment line\n% for i in ['1', '2']:\nL${i}\n% endfor\nend\\\ncont %% 5\n%% lit\n  ## indented comment\n",
        "% if down_revision:\nyes ${down_revision | comma,n}\n% elif message:\nno\n% else:\nnever\n% endif\nafter\n",
        "% if branch_labels:\nlabels\n% elif not depends_on:\nno deps\n% endif\n",
        "${repr(message)} ${repr(down_revision)} ${repr(branch_labels)} ${repr(up_revision)}\n",
        "${\"%s_upgrades\" % up_revision} ${context.get('nope', 'dflt')} ${context.get('message')} ${context.get('nothing')}\n",
        "[${message | trim}] [${message | h}] [${message | n}]\n",
        "<%!\nimport re\n\n%>${re.split(r',\\s*', config.get_main_option(\"databases\"))}\n% for db in re.split(r',\\s*', config.get_main_option('databases')):\ndef upgrade_${db}():\n    ${context.get(\"%s_upgrades\" % db, \"pass\")}\n% endfor\n",
        "Revises: ${down_revision}\nCreate Date: ${create_date}\n${len(down_revision)} ${', '.join(down_revision)}\n",
        "${imports}\n",
        "${imports if imports else ''}|${upgrades if upgrades else \"pass\"}|\n",
        "${repr(imports)}\n",
        "${message if message is not None else 'none'} ${'a' + 'b'} ${'x' in message} ${down_revision[0]} ${down_revision[-1]}\n",
        "  %% indented percent\n%%% three\nline % not control\n",
        "% for a, b in [('1', '2'), ('3', '4')]:\n${a}-${b}\n% endfor\n",
        "${config.get_section_option('engine1', 'sqlalchemy.url')} ${config.get_main_option('missing', 'fallback')} ${config.get_main_option('missing')}\n",
        "text ${message | comma}\n",
        "${down_revision | comma,n} ${branch_labels | comma,n}\n",
        "x\\\ny\n% if True:\\\n:\ncontinued\n% endif\n",
        "<%doc>\n  ${not rendered}\n</%doc>after doc\n",
        "${ {'a': 1} }\n",
        "${[x for x in down_revision]}\n",
        "<%def name=\"f()\">x</%def>\n",
        "% while False:\n% endwhile\n",
        "${str(message).upper()} ${message.lower().replace('m', 'M')} ${'-'.join(['a', 'b'])}\n",
    ]

    static let message = "Merge 'heads' \"quoted\"\nsecond line ünïcode\t<&>"

    /// Renders every snippet with real Mako and Alembic-like arguments; returns JSON results.
    static func renderWithMako(_ snippets: [String], ini: URL) throws -> [[String: String]] {
        let script = """
            import datetime, json, sys
            from mako.template import Template
            from alembic.config import Config
            from alembic.util import format_as_comma
            snippets = json.load(sys.stdin)
            kw = dict(up_revision='e5e5e5', down_revision=('aaa', 'bbb'), branch_labels=None, depends_on=None,
                      create_date=datetime.datetime(2024, 1, 2, 3, 4, 5, 678900), comma=format_as_comma,
                      message=sys.argv[2], config=Config(sys.argv[1]))
            out = []
            for s in snippets:
                try:
                    out.append({"ok": Template(text=s).render_unicode(**kw)})
                except Exception as e:
                    out.append({"error": type(e).__name__ + ": " + str(e)})
            print(json.dumps(out))
            """
        let input = try JSONEncoder().encode(snippets)
        let result = try ProcessRunner.run(TestEnvironment.python, ["-c", script, ini.path, message], input: input)
        try #require(result.status == 0, "python failed: \(result.stderrText)")
        return try JSONDecoder().decode([[String: String]].self, from: result.stdout)
    }

    @Test("every snippet renders as Mako renders it, or fails where Mako fails")
    func snippetsMatchMako() throws {
        let scratch = try ScratchDirectory(purpose: "test-mako")
        let ini = scratch.sub("alembic.ini")
        try "[alembic]\nscript_location = x\ndatabases = engine1, engine2\n\n[engine1]\nsqlalchemy.url = postgresql://h/one\n".write(
            to: ini, atomically: true, encoding: .utf8)
        let expected = try Self.renderWithMako(Self.snippets, ini: ini)
        let iniFile = try IniFile(text: try String(contentsOf: ini, encoding: .utf8), defaults: ["here": scratch.url.path])
        var sections: [String: [String: String]] = [:]
        for section in iniFile.sectionNames {
            sections[section] = Dictionary(
                uniqueKeysWithValues: iniFile.keys(section).compactMap { key in (try? iniFile.value(section, key))?.map { (key, $0) } })
        }
        let config = TemplateConfig(sections: sections, mainSection: "alembic")
        let arguments: [String: TemplateValue] = [
            "up_revision": .string("e5e5e5"), "down_revision": .tuple([.string("aaa"), .string("bbb")]),
            "branch_labels": .none, "depends_on": .none, "create_date": .datetime(text: "2024-01-02 03:04:05.678900"),
            "comma": .function(name: "comma", bound: []), "message": .string(Self.message), "config": .object("config"),
        ]
        var matched = 0
        for (snippet, want) in zip(Self.snippets, expected) {
            var ours: Result<String, MakoTemplateError>
            do {
                var renderer = MakoRenderer(template: try MakoTemplate(path: "t.mako", text: snippet), arguments: arguments, config: config)
                ours = .success(try renderer.render())
            } catch {
                ours = .failure(error)
            }
            switch (ours, want["ok"]) {
            case (.success(let text), let mako?):
                #expect(text == mako, "snippet \(snippet.debugDescription)")
                if text == mako { matched += 1 }
            case (.failure, nil):
                break
            case (.success(let text), nil):
                Issue.record(
                    "Mako fails (\(want["error"] ?? "")) but migcheck rendered \(text.debugDescription) for \(snippet.debugDescription)")
            case (.failure(let error), let mako?):
                // Only constructs outside the subset may fail where Mako succeeds, and they must say so.
                #expect(
                    error.message.contains("not supported") || error.message.contains("unsupported"),
                    "migcheck failed (\(error)) where Mako renders \(mako.debugDescription)")
            }
        }
        // Most snippets are inside the subset; the comparison must not pass by both sides failing.
        #expect(matched >= Self.snippets.count - 7, "only \(matched) of \(Self.snippets.count) snippets rendered identically")
    }

    @Test("unsupported constructs are named with file and line")
    func unsupportedNamed() throws {
        let cases: [(String, String)] = [
            ("line1\nline2\n<%def name=\"x()\">y</%def>\n", "t.mako:3: Mako tag <%def> is not supported"),
            ("a\n% while x:\n% endwhile\n", "t.mako:2: unsupported Mako control line '% while x:'"),
            ("a\nb\nc\n${x | u}\n", "t.mako:4: unsupported Mako filter 'u'"),
            ("<%\nimport os\n%>\n", "t.mako:2: unsupported statement in <% %> block: 'import os'"),
            ("\n\n${imports}\n", "t.mako:3: in '${imports}': 'imports' is undefined"),
            ("% for x in y:\nz\n", "Unterminated control keyword: 'for'"),
        ]
        for (text, message) in cases {
            do {
                var renderer = MakoRenderer(
                    template: try MakoTemplate(path: "t.mako", text: text), arguments: [:],
                    config: TemplateConfig(sections: [:], mainSection: "alembic"))
                let out = try renderer.render()
                Issue.record("rendered \(out.debugDescription) for \(text.debugDescription)")
            } catch {
                #expect(error.description.contains(message), "\(error.description) should contain \(message)")
            }
        }
    }

    @Test("slugs match Python's re.findall(r'\\w+') / lower() / truncation")
    func slugsMatchPython() throws {
        let messages = [
            "Merge heads", "fix #12 & ünïcode", "İstanbul ÆØÅ straße", "a-b.c/d", "__init__ 123 ½ ²", "   ",
            "x" + String(repeating: "_y", count: 40),
            "Merge the very long branch names of feature-x and bugfix-y together", "noseparatorsatallinthislongmessagebeyondforty",
        ]
        let script =
            "import json,re,sys\nout=[]\nfor m in json.load(sys.stdin):\n    for n in (40, 10, 0):\n        s='_'.join(re.findall(r'\\w+', m)).lower()\n        if len(s) > n: s = s[:n].rsplit('_', 1)[0] + '_'\n        out.append(s)\nprint(json.dumps(out))"
        let result = try ProcessRunner.run(TestEnvironment.python, ["-c", script], input: try JSONEncoder().encode(messages))
        try #require(result.status == 0, "\(result.stderrText)")
        let expected = try JSONDecoder().decode([String].self, from: result.stdout)
        let ours = messages.flatMap { m in [40, 10, 0].map { RevisionFileName.slug(m, truncateLength: $0) } }
        #expect(ours == expected)
    }

    @Test("printf-style file_template formatting matches Python's %")
    func percentFormatMatchesPython() throws {
        let formats = [
            "%(rev)s_%(slug)s", "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s", "%(epoch)s_%(rev)s",
            "%(year)d/%(month)02d/%(rev)s", "%(slug).5s|%(rev)10s|%(rev)-10s|%(second)+d|%(day)x|%(day)#o|%%",
        ]
        let script =
            "import json,sys\nv=dict(rev='abc123',slug='hello_world',epoch=1700000000,year=2024,month=3,day=9,hour=7,minute=5,second=4)\nprint(json.dumps([f % v for f in json.load(sys.stdin)]))"
        let result = try ProcessRunner.run(TestEnvironment.python, ["-c", script], input: try JSONEncoder().encode(formats))
        try #require(result.status == 0, "\(result.stderrText)")
        let expected = try JSONDecoder().decode([String].self, from: result.stdout)
        let values: [String: TemplateValue] = [
            "rev": .string("abc123"), "slug": .string("hello_world"), "epoch": .int(1_700_000_000),
            "year": .int(2024), "month": .int(3), "day": .int(9), "hour": .int(7), "minute": .int(5), "second": .int(4),
        ]
        let ours = try formats.map { try PercentFormat.format($0, .mapping(values)) }
        #expect(ours == expected)
    }
}
