-- Real Neovim (headless) with editors/neovim/chartwright.lua: open a template, edit it without
-- saving, check the diagnostics and that :ChartwrightPreview follows the unsaved text.
-- Run by test_neovim.py: nvim --headless --clean -c "luafile editors/neovim/chartwright.lua"
--   -c "luafile tests/e2e/nvim_preview.lua" with CW_FILE and CW_OUT set.
local out = { log = {} }
local function finish(code)
  local f = assert(io.open(os.getenv('CW_OUT'), 'w'))
  f:write(vim.json.encode(out))
  f:close()
  vim.cmd(code == 0 and 'qall!' or 'cquit! 1')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CW_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[buf].filetype
  assert(vim.wait(20000, function()
    local c = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ bufnr = buf, name = 'chartwright' })[1]
    return c ~= nil and c.initialized
  end, 50), 'chartwright did not start')

  -- An unsaved syntax error: a diagnostic on its line.
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { '# {{ end }}' })
  assert(vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50), 'no diagnostics')
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out.diagnostics, { lnum = d.lnum, message = d.message, source = d.source })
  end
  vim.api.nvim_buf_set_lines(buf, n, n + 1, false, {})
  assert(vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.severity == vim.diagnostic.severity.ERROR then return false end
    end
    return true
  end, 50), 'the error did not clear')

  -- The preview, then an unsaved edit it must follow.
  vim.cmd('ChartwrightPreview')
  local function preview_text()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_get_name(b) == 'chartwright://preview' then
        return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
      end
    end
    return ''
  end
  assert(vim.wait(10000, function() return preview_text():find('replicas: 2', 1, true) ~= nil end, 50),
    'preview did not show the render: ' .. preview_text())
  out.preview_before = preview_text()
  vim.api.nvim_set_current_buf(buf)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find('replicas:', 1, true) then
      vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { '  replicas: {{ add .Values.replicaCount 40 }}' })
    end
  end
  assert(vim.wait(10000, function() return preview_text():find('replicas: 42', 1, true) ~= nil end, 50),
    'preview did not follow the edit: ' .. preview_text())
  out.preview_after = preview_text()
end)
if not ok then
  out.error = tostring(err)
  finish(1)
else
  finish(0)
end
