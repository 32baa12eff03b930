-- chartwright for Neovim: starts `chartwright serve` for Helm charts and adds :ChartwrightPreview,
-- a live render preview of the chart (or of the current template) that follows unsaved edits.
--
-- Use: copy into your config (e.g. ~/.config/nvim/plugin/chartwright.lua) or `:luafile` it.
-- Needs Neovim 0.8+ (0.11+ uses vim.lsp.config/vim.lsp.enable) and `chartwright` on $PATH
-- (or set vim.g.chartwright_cmd = { '/path/to/chartwright', 'serve', '--stdio' }).

-- Chart templates are Go templates, not plain YAML: give them their own filetype.
vim.filetype.add({
  pattern = {
    ['.*/templates/.*%.ya?ml'] = 'helm',
    ['.*/templates/.*%.tpl'] = 'helm',
    ['.*/templates/NOTES%.txt'] = 'helm',
  },
})

local settings = {
  chartwright = {
    -- Values files applied over values.yaml, as `helm template -f` (globs allowed).
    valuesFiles = {},
    -- kubeVersion = '1.31.0', releaseName = 'release-name', namespace = 'default',
    diagnostics = { enable = true },
  },
}

local function chart_root(path)
  local found = vim.fs.find('Chart.yaml', { upward = true, path = vim.fs.dirname(path) })[1]
  return found and vim.fs.dirname(found) or nil
end

local config = {
  name = 'chartwright',
  cmd = vim.g.chartwright_cmd or { 'chartwright', 'serve', '--stdio' },
  filetypes = { 'helm', 'yaml' },
  root_markers = { 'Chart.yaml' },
  settings = settings,
  init_options = settings.chartwright,
}

if vim.lsp.config and vim.lsp.enable then
  vim.lsp.config('chartwright', config)
  vim.lsp.enable('chartwright')
else
  vim.api.nvim_create_autocmd('FileType', {
    pattern = { 'helm', 'yaml' },
    callback = function(args)
      local root = chart_root(vim.api.nvim_buf_get_name(args.buf))
      if not root then
        return
      end
      vim.lsp.start(vim.tbl_extend('force', config, { root_dir = root }), { bufnr = args.buf })
    end,
  })
end

-- The preview: a scratch buffer showing chartwright/render, refreshed on chartwright/renderChanged.
local preview = { buf = nil, source = nil, only_template = false }

local function client_for(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = 'chartwright' })[1]
end

local function refresh()
  local src = preview.source
  if not (src and vim.api.nvim_buf_is_valid(src) and preview.buf and vim.api.nvim_buf_is_valid(preview.buf)) then
    return
  end
  local client = client_for(src)
  if not client then
    return
  end
  local params = { uri = vim.uri_from_bufnr(src), onlyTemplate = preview.only_template }
  local function on_result(err, result)
    if err or not result or not vim.api.nvim_buf_is_valid(preview.buf) then
      return
    end
    local lines = vim.split(result.text or '', '\n', { plain = true })
    for _, e in ipairs(result.errors or {}) do
      local d = e.diagnostic
      table.insert(lines, 1, string.format('# error: %s:%d: %s', vim.uri_to_fname(e.uri), d.range.start.line + 1, d.message))
    end
    vim.bo[preview.buf].modifiable = true
    vim.api.nvim_buf_set_lines(preview.buf, 0, -1, false, lines)
    vim.bo[preview.buf].modifiable = false
  end
  if vim.fn.has('nvim-0.11') == 1 then
    client:request('chartwright/render', params, on_result, src)
  else
    client.request('chartwright/render', params, on_result, src)
  end
end

-- The server says when a chart was rendered again (after edits, saves, settings changes).
vim.lsp.handlers['chartwright/renderChanged'] = function(_, result)
  if preview.source and result and result.uri then
    local uri = vim.uri_from_bufnr(preview.source)
    -- Any open document of the previewed chart: its render changed.
    if preview.only_template and result.uri ~= uri then
      return
    end
    refresh()
  end
end

vim.api.nvim_create_user_command('ChartwrightPreview', function(opts)
  preview.source = vim.api.nvim_get_current_buf()
  preview.only_template = opts.bang
  if not (preview.buf and vim.api.nvim_buf_is_valid(preview.buf)) then
    preview.buf = vim.api.nvim_create_buf(false, true)
    vim.bo[preview.buf].filetype = 'yaml'
    vim.bo[preview.buf].bufhidden = 'hide'
    vim.api.nvim_buf_set_name(preview.buf, 'chartwright://preview')
  end
  if vim.fn.bufwinid(preview.buf) == -1 then
    vim.cmd('vsplit')
    vim.api.nvim_win_set_buf(0, preview.buf)
    vim.cmd('wincmd p')
  end
  refresh()
end, { bang = true, desc = 'Live render preview of the chart (! = only this template)' })
