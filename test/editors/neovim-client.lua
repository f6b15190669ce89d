-- Drives Neovim's built-in LSP client against `compose-lint lsp --stdio`:
-- open a Dockerfile with an undeclared build dependency, wait for the
-- diagnostic, apply the preferred quick fix, save the compose file it
-- edits, and wait for the diagnostic to clear. Run headless:
--
--   nvim --headless -u NONE -c "luafile test/editors/neovim-client.lua"
--
-- Inputs come from the environment: NVIM_TEST_SERVER (the server
-- command as a JSON array), NVIM_TEST_ROOT, NVIM_TEST_DOCKERFILE, NVIM_TEST_COMPOSE, and
-- NVIM_TEST_RESULT, where the script writes what it saw as JSON before it quits.

local rule = 'undeclared-build-dependency'
local timeout = 15000
local result = { steps = {} }

local function step(name)
  table.insert(result.steps, name)
end

local function finish()
  local file = assert(io.open(os.getenv('NVIM_TEST_RESULT'), 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qall!')
end

-- Diagnostics of a buffer from compose-lint for the rule. Neovim 0.7 keeps
-- the LSP code under user_data.lsp; later versions also set `code`.
local function rule_diagnostics(bufnr)
  local found = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = diagnostic.user_data and diagnostic.user_data.lsp or {}
    if (diagnostic.code or lsp.code) == rule then
      table.insert(found, diagnostic)
    end
  end
  return found
end

local function run()
  result.version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch)
  vim.o.swapfile = false

  local config = {
    name = 'compose-lint',
    cmd = vim.fn.json_decode(os.getenv('NVIM_TEST_SERVER')),
    root_dir = os.getenv('NVIM_TEST_ROOT'),
    init_options = { debounceMilliseconds = 0 },
  }

  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('NVIM_TEST_DOCKERFILE')))
  local dockerfile = vim.api.nvim_get_current_buf()

  -- vim.lsp.start (Neovim 0.8 and later) starts or reuses a client and
  -- attaches the current buffer; Neovim 0.7 has the two lower-level calls.
  local client_id
  if vim.lsp.start ~= nil then
    result.api = 'vim.lsp.start'
    client_id = vim.lsp.start(config)
  else
    result.api = 'vim.lsp.start_client'
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(dockerfile, client_id)
  end
  step('started')

  if not vim.wait(timeout, function() return #rule_diagnostics(dockerfile) > 0 end, 20) then
    result.error = 'no ' .. rule .. ' diagnostic on the Dockerfile'
    return
  end
  local diagnostic = rule_diagnostics(dockerfile)[1]
  result.diagnostic = {
    lnum = diagnostic.lnum,
    col = diagnostic.col,
    end_lnum = diagnostic.end_lnum,
    end_col = diagnostic.end_col,
    source = diagnostic.source,
  }
  step('diagnosed')

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(dockerfile) },
    range = {
      start = { line = diagnostic.lnum, character = diagnostic.col },
      ['end'] = { line = diagnostic.end_lnum, character = diagnostic.end_col },
    },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(dockerfile, diagnostic.lnum) },
  }
  local responses = vim.lsp.buf_request_sync(dockerfile, 'textDocument/codeAction', params, timeout) or {}
  local actions = {}
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
    end
  end
  result.action_titles = vim.tbl_map(function(action) return action.title end, actions)

  local preferred = nil
  for _, action in ipairs(actions) do
    if action.isPreferred then
      preferred = action
      break
    end
  end
  if preferred == nil then
    result.error = 'no preferred code action'
    return
  end
  step('actions')

  -- Applying the edit loads the compose file into a buffer and changes it.
  -- An editor set up for compose files attaches the client to that buffer,
  -- which sends the unsaved text; writing it sends didSave.
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  local compose = vim.fn.bufnr(os.getenv('NVIM_TEST_COMPOSE'))
  vim.lsp.buf_attach_client(compose, client_id)
  vim.api.nvim_buf_call(compose, function() vim.cmd('write') end)
  step('applied')

  if not vim.wait(timeout, function() return #rule_diagnostics(dockerfile) == 0 end, 20) then
    result.error = 'the ' .. rule .. ' diagnostic did not clear'
    return
  end
  step('cleared')

  vim.lsp.stop_client(client_id)
end

local ok, message = pcall(run)
if not ok then
  result.error = tostring(message)
end
finish()
