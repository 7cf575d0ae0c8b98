/// report.html: one self-contained page (inline CSS, plots as inline
/// `<svg>` elements, no scripts, no external resources), readable offline.
public enum HTMLPage {
    static let css = """
    body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#222;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45}
    h1{font-size:1.7em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{margin-top:1.4em}
    table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.88em;display:block;overflow-x:auto}
    th,td{border:1px solid #ccc;padding:.25em .55em;text-align:left;white-space:nowrap}
    th{background:#f3f3f3}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    tbody tr:nth-child(even){background:#fafafa}
    figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{color:#666;font-size:.85em}
    code{background:#f3f3f3;padding:0 .2em}
    @media print{h2{page-break-before:always}figure{page-break-inside:avoid}}
    """

    public static func render(title: String, document: ReportDocument, plots: [String: String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(XMLText.escape(title, attribute: false))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        \(HTMLRenderer.render(document, plots: plots))</body>
        </html>

        """
    }
}
