<%
item = data['item']
rebase('staff_base.tpl', title=item['title'])
base_path = '/staff/items/' + item['index_no']
rows = ['index_no', 'issuer', 'doc_no', 'written_date', 'publish_date', 'topic', 'genre', 'keywords',
        'disclosure'] + (['closed_reason'] if item.get('closed_reason') else []) + ['validity', 'url']
controlled = ('issuer', 'topic', 'genre', 'validity', 'disclosure')
def shown(name):
    value = item.get(name)
    if isinstance(value, list):
        value = '；'.join(value)
    end
    if value and name in controlled:
        value = term(value)
    end
    return value or '—'
end
workflow_rows = [(key, item.get(key)) for key in ('submitted_by', 'submitted_at', 'reviewed_by', 'reviewed_at',
                 'secrecy_checked_by', 'review_comment', 'withdrawn_reason', 'change_note', 'validity_changed')]
workflow_rows = [(k, v) for k, v in workflow_rows if v]
workflow_labels = {'submitted_by': t('submitted_by'), 'submitted_at': t('submitted_at'),
                   'reviewed_by': t('reviewed_by'), 'reviewed_at': t('reviewed_at'),
                   'secrecy_checked_by': t('secrecy_label'), 'review_comment': t('reject_comment_label'),
                   'withdrawn_reason': t('withdraw_reason_label'), 'change_note': t('change_note'),
                   'validity_changed': t('validity_changed')}
paragraphs = [line.strip() for line in (item.get('body') or '').splitlines() if line.strip()]
errors = data['errors']
colon = ': ' if lang == 'en' else '：'
def entered(action, name, default=''):
    return data['entered'].get(name, '') if data['failed'] == action else default
end
%>
<nav class="crumbs" aria-label="{{t('staff_nav')}}">
  <a href="{{href('/staff/items')}}">{{t('nav_items')}}</a> ›
  <span lang="zh">{{term(item['issuer'])}}</span>
</nav>
% if data['done']:
<p class="done" role="status">{{t('done_' + data['done'])}}</p>
% end
<article class="item staff-item">
  <h1 lang="zh">{{item['title']}}</h1>
  <p class="state-line"><span class="state state-{{data['state']}}">{{t('state_' + data['state'])}}</span>
% if data['public']:
    {{t('item_public')}} <a href="{{item_href(item['index_no'])}}">{{t('link_public')}}</a>
% elif item.get('disclosure') == '不予公开':
    {{t('item_closed')}}
% elif data['state'] == 'scheduled':
    {{t('item_scheduled_on', date=item['publish_date'])}}
% else:
    {{t('item_not_public')}}
% end
  </p>
  <h2>{{t('details')}}</h2>
  <table class="meta">
% for name in rows:
    <tr><th scope="row">{{label(name)}}</th><td lang="zh">{{shown(name)}}</td></tr>
% end
% if item.get('attachments'):
    <tr><th scope="row">{{label('attachments')}}</th>
      <td lang="zh"><ul class="attachments">
%   for attachment in item['attachments']:
        <li><a href="{{attachment['url']}}" rel="nofollow noopener">{{attachment['name']}}</a></li>
%   end
      </ul></td></tr>
% end
  </table>
% if item.get('summary'):
  <h2>{{t('summary')}}</h2>
  <p class="summary" lang="zh">{{item['summary']}}</p>
% end
  <h2>{{t('body')}}</h2>
% if paragraphs:
  <div class="body" lang="zh">
%   for paragraph in paragraphs:
    <p>{{paragraph}}</p>
%   end
  </div>
% else:
  <p>{{t('no_body')}}</p>
% end
% if workflow_rows:
  <h2>{{t('item_workflow')}}</h2>
  <table class="meta">
%   for key, value in workflow_rows:
    <tr><th scope="row">{{workflow_labels[key]}}</th><td lang="zh">{{value}}</td></tr>
%   end
  </table>
% end
</article>

<section class="staff-actions" aria-labelledby="actions-h">
  <h2 id="actions-h">{{t('item_actions')}}</h2>
% if data['general']:
  <div class="problem" role="alert">
%   for problem in data['general']:
    <p>{{problem['said']}}</p>
%   end
  </div>
% end
% if not data['actions']:
  <p>{{t('item_no_actions')}}</p>
% end
% if 'edit' in data['actions']:
  <p><a class="button" href="{{href(base_path + '/edit')}}">{{t('act_edit')}}</a></p>
% end
% # A reviewer approves a submitted item; publishing it "directly" as well would be the same button twice.
% shown_actions = [a for a in ('submit', 'publish', 'approve', 'reject', 'withdraw', 'restore') if a in data['actions'] and not (a == 'publish' and 'approve' in data['actions'])]
% for action in shown_actions:
  <form class="staff-form action-{{action}}" method="post" action="{{href(base_path + '/' + action)}}">
    <input type="hidden" name="{{csrf_field}}" value="{{csrf}}">
%   field = {'submit': 'secrecy_checked_by', 'publish': 'secrecy_checked_by', 'reject': 'comment', 'withdraw': 'reason'}.get(action)
%   if field:
%     box = 'a-%s-%s' % (action, field)
%     problems = errors.get(field, []) if data['failed'] == action else []
%     text_label = {'secrecy_checked_by': t('secrecy_label'), 'comment': t('reject_comment_label'), 'reason': t('withdraw_reason_label')}[field]
    <div class="field{{' has-problem' if problems else ''}}">
      <label for="{{box}}">{{text_label}}</label>
%     for problem in problems:
      <p class="problem" id="{{box}}-problem">{{problem['said']}}</p>
%     end
%     if field == 'secrecy_checked_by':
      <input id="{{box}}" name="{{field}}" value="{{entered(action, field, item.get('secrecy_checked_by') or '')}}" required{{!maxlength(field)}}{{!' aria-invalid="true" aria-describedby="%s-problem"' % box if problems else ''}}>
%     else:
      <textarea id="{{box}}" name="{{field}}" rows="3" required{{!maxlength(field)}}{{!' aria-invalid="true" aria-describedby="%s-problem"' % box if problems else ''}}>{{entered(action, field)}}</textarea>
%     end
    </div>
%   end
    <p><button type="submit">{{t('act_' + action)}}</button></p>
  </form>
% end
</section>

<section class="staff-history" aria-labelledby="history-h">
  <h2 id="history-h">{{t('item_history')}}</h2>
% if not data['history']:
  <p>{{t('item_history_none')}}</p>
% else:
  <table class="history">
    <thead><tr><th scope="col">{{t('history_at')}}</th><th scope="col">{{t('history_actor')}}</th>
      <th scope="col">{{t('history_action')}}</th><th scope="col">{{t('history_details')}}</th></tr></thead>
    <tbody>
%   for entry in data['history']:
      <tr>
        <td>{{entry['at']}}</td>
        <td>{{entry['actor'] or '—'}}</td>
        <td>{{t('audit_' + entry['action']) if entry['action'] in ('create', 'edit', 'submit', 'approve', 'reject', 'withdraw', 'restore', 'import') else entry['action']}}{{(' (' + t('history_direct') + ')') if entry['direct'] else ''}}{{(' (' + t('history_minor') + ')') if entry['minor'] else ''}}</td>
        <td>
%     if entry['changes']:
          <ul class="changes">
%       for name, old, new in entry['changes']:
            <li>{{label(name)}}{{colon}}{{t('history_old')}} <del lang="zh">{{old}}</del> {{t('history_new')}} <ins lang="zh">{{new}}</ins></li>
%       end
          </ul>
%     end
%     for key, note in entry['notes']:
          <p>{{workflow_labels.get({'comment': 'review_comment', 'reason': 'withdrawn_reason'}.get(key, key), key)}}{{colon}}<span lang="zh">{{note}}</span></p>
%     end
        </td>
      </tr>
%   end
    </tbody>
  </table>
% end
</section>
