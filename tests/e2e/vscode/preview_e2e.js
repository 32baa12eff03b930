// Drives the real VS Code workbench (code-server) in headless Chromium with the chartwright
// extension installed: opens a template, checks the Problems panel shows an unsaved syntax
// error, opens the render preview and checks it follows an unsaved edit. Prints a JSON line
// `RESULT {...}` and writes screenshots to $SHOTS. Run by run.sh in this directory.
const { chromium } = require('playwright-core');
const OUT = process.env.SHOTS || '.';
const PORT = process.env.PORT || '18080';

async function editorTexts(page) {
  return page.$$eval('.editor-instance .monaco-editor', (eds) =>
    eds.map((e) => Array.from(e.querySelectorAll('.view-line')).map((l) => l.textContent).join('\n')));
}

async function command(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
}

(async () => {
  const result = {};
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`http://127.0.0.1:${PORT}/?folder=` + encodeURIComponent(process.env.WS), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForTimeout(4000);
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget', { state: 'visible' });
    await page.keyboard.type('deployment.yaml');
    await page.waitForTimeout(1500);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
    await page.waitForTimeout(6000); // extension activation, server start, first analysis

    // An unsaved syntax error at the end of the template.
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# {{ end }}', { delay: 20 });
    await page.waitForTimeout(2000);
    await page.keyboard.press('Control+Shift+M');
    await page.waitForTimeout(2000);
    result.problems = await page.$$eval('.markers-panel .monaco-list-row', (rows) =>
      rows.map((r) => r.getAttribute('aria-label') || r.textContent));
    await page.screenshot({ path: `${OUT}/problems.png` });
    // Remove it again, back in the editor.
    await page.keyboard.press('Control+Shift+M');
    await page.click('.editor-instance .monaco-editor .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(1500);

    await command(page, 'chartwright: Show Render Preview');
    await page.waitForTimeout(4000);
    result.before = await editorTexts(page);
    await page.screenshot({ path: `${OUT}/preview.png` });

    // An unsaved edit of the template: replicas 2 -> 42 in the preview.
    await page.keyboard.press('Control+G');
    await page.keyboard.type('6');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    for (let i = 0; i < '{{ .Values.replicaCount }}'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type('{{ add .Values.replicaCount 40 }}', { delay: 15 });
    await page.waitForTimeout(4000);
    result.after = await editorTexts(page);
    await page.screenshot({ path: `${OUT}/preview-after-edit.png` });
  } finally {
    await browser.close();
  }
  console.log('RESULT ' + JSON.stringify(result));
  // Monaco renders spaces as no-break spaces.
  const text = (texts) => (texts || []).join('\n').replace(/\u00a0/g, ' ');
  const checks = {
    problem: (result.problems || []).some((p) => p.includes('unexpected {{end}}') && p.includes('chartwright')),
    preview: text(result.before).includes('# Source: webapp/templates/deployment.yaml') && text(result.before).includes('replicas: 2'),
    follows_edit: text(result.after).includes('replicas: 42'),
  };
  console.log('CHECKS ' + JSON.stringify(checks));
  if (!Object.values(checks).every(Boolean)) process.exit(1);
})().catch((e) => { console.error(e); process.exit(1); });
