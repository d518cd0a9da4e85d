#!/usr/bin/env node
// tests/a11y/axe.js - run axe-core (WCAG 2.0/2.1 A and AA rules) in
// Debian's headless Chromium over HTML pages and standalone SVG files.
//
// usage: node axe.js [--svg] FILE...
//
// Each HTML page is checked at two widths: 1280 px and 320 px (WCAG 1.4.10
// reflow: a wide table must then scroll, and its scroll wrapper must be
// reachable by keyboard).  Every inline <svg> of a page, and every file
// given after --svg, is also wrapped in a minimal page of its own and
// checked there.
//
// Fails (exit 1) on any violation and on any "needs review" (incomplete)
// item not in ALLOWED below.  Prints one line of figures per page and
// width, and a total.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const axe = require('axe-core');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [1280, 320];

// "Needs review" items accepted, each with its reason.  A predicate gets
// the node's facts (computed in the page) and says whether the reason
// applies; anything else that axe cannot decide fails the test.
const ALLOWED = [
	{
		rule: 'color-contrast',
		reason: 'text inside an inline SVG: axe-core treats SVG shapes ' +
			'as images and cannot compute the background of SVG text ' +
			'(dequelabs/axe-core#1819); tests/a11y/svg-check.py ' +
			'computes these contrasts from the fill colours instead',
		applies: (n) => n.inSvg,
	},
	{
		rule: 'color-contrast',
		reason: 'at 320 px, a cell of a wide table scrolled out of view ' +
			'in its focusable scroll region (div.tabell) is "partially ' +
			'obscured" by the region\'s edge; colours do not depend on ' +
			'the width and the same cells pass at 1280 px',
		applies: (n) => n.width <= 320 && n.inScrolledTable,
	},
];

const CHROMIUM = process.env.KARTLAGG_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];

function svgPage(svg, name) {
	return '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n' +
		'<title>' + name + '</title>\n</head>\n<body>\n<main>\n<h1>' + name +
		'</h1>\n' + svg + '\n</main>\n</body>\n</html>\n';
}

async function check(page, label, width) {
	await page.addScriptTag({ content: axe.source });
	const r = await page.evaluate(async (tags) => {
		const res = await window.axe.run(document, {
			runOnly: { type: 'tag', values: tags },
		});
		const facts = (n) => {
			const t = n.target[n.target.length - 1];
			const e = typeof t === 'string' ? document.querySelector(t) : null;
			const sc = e && e.closest('div.tabell');
			return { target: n.target.join(' '), inSvg: !!(e && e.closest('svg')),
				inScrolledTable: !!(sc && sc.tabIndex >= 0 && sc.scrollWidth > sc.clientWidth),
				why: n.any.concat(n.all, n.none).map((c) => c.message).join('; ') };
		};
		const list = (k) => res[k].map((v) => ({ id: v.id, impact: v.impact,
			nodes: v.nodes.map(facts) }));
		const count = (k) => res[k].reduce((a, v) => a + v.nodes.length, 0);
		return { violations: list('violations'), incomplete: list('incomplete'),
			passes: res.passes.length, nodes: count('passes') +
				count('violations') + count('incomplete') };
	}, TAGS);
	let bad = 0, listed = 0, incomplete = 0;
	for (const v of r.violations) {
		for (const n of v.nodes) {
			console.log(`${label}: violation ${v.id} (${v.impact}): ${n.target}: ${n.why}`);
			bad++;
		}
	}
	for (const v of r.incomplete) {
		for (const n of v.nodes) {
			incomplete++;
			n.width = width;
			const a = ALLOWED.find((x) => x.rule === v.id && x.applies(n));
			if (a) {
				listed++;
				a.count = (a.count || 0) + 1;
				continue;
			}
			console.log(`${label}: needs review, not listed: ${v.id}: ${n.target}: ${n.why}`);
			bad++;
		}
	}
	const nv = r.violations.reduce((a, v) => a + v.nodes.length, 0);
	console.log(`${label}: ${nv} violations, ${incomplete} needs review ` +
		`(${listed} listed), ${r.passes} rules passed, ${r.nodes} nodes checked`);
	return { bad, violations: nv, incomplete, listed, nodes: r.nodes };
}

(async () => {
	let svgOnly = false;
	const files = [];
	for (const a of process.argv.slice(2)) {
		if (a === '--svg')
			svgOnly = true;
		else
			files.push({ file: a, svg: svgOnly });
	}
	const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-axe-'));
	const tot = { bad: 0, violations: 0, incomplete: 0, listed: 0, nodes: 0, pages: 0 };
	const add = (s) => {
		for (const k of ['bad', 'violations', 'incomplete', 'listed', 'nodes'])
			tot[k] += s[k];
		tot.pages++;
	};
	let ctx;
	try {
		ctx = await chromium.launchPersistentContext(udd, {
			executablePath: CHROMIUM, headless: true, args: ARGS,
		});
		const page = await ctx.newPage();
		for (const { file, svg } of files) {
			const name = file;
			if (svg) {
				await page.setViewportSize({ width: 1280, height: 900 });
				await page.setContent(svgPage(fs.readFileSync(file, 'utf8'), name));
				add(await check(page, name, 1280));
				continue;
			}
			for (const w of WIDTHS) {
				await page.setViewportSize({ width: w, height: 900 });
				await page.goto('file://' + path.resolve(file));
				add(await check(page, `${name} @${w}px`, w));
			}
			await page.setViewportSize({ width: 1280, height: 900 });
			await page.goto('file://' + path.resolve(file));
			const svgs = await page.evaluate(() => Array.from(
				document.querySelectorAll('figure'), (f) => ({
					id: f.id, svg: f.querySelector('svg') ? f.querySelector('svg').outerHTML : '',
				})));
			for (const s of svgs) {
				if (!s.svg)
					continue;
				await page.setContent(svgPage(s.svg, `${name} #${s.id}`));
				add(await check(page, `${name} #${s.id} alone`, 1280));
			}
		}
	} finally {
		if (ctx)
			await ctx.close();
		fs.rmSync(udd, { recursive: true, force: true });
	}
	console.log(`axe-core ${axe.version}: ${tot.pages} pages, ${tot.violations} violations, ` +
		`${tot.incomplete} needs review (${tot.listed} listed), ` +
		`${tot.nodes} nodes checked`);
	ALLOWED.forEach((a, i) => console.log(`  listed ${i + 1}: ${a.count || 0} ` +
		`${a.rule}: ${a.reason}`));
	process.exit(tot.bad ? 1 : 0);
})().catch((e) => {
	console.error(`axe.js: ${e && e.stack ? e.stack : e}`);
	process.exit(2);
});
