<%
key = 'error_%d' % data['status']
heading = t(key) if key in ('error_400', 'error_404', 'error_405', 'error_410', 'error_500') else t('error_other')
rebase('base.tpl', title=heading)
%>
<h1>{{heading}}</h1>
% if data.get('withdrawn'):
<p>{{t('withdrawn_text', index_no=data['withdrawn']['index_no'])}}</p>
%   if data['withdrawn']['reason']:
<p>{{t('withdrawn_reason')}}<span lang="zh">{{data['withdrawn']['reason']}}</span></p>
%   end
% else:
<p lang="en">{{data['error']}}</p>
% end
% if data['errors'] and not data.get('withdrawn'):
<h2>{{t('error_problems')}}</h2>
<ul>
%   for problem in data['errors']:
  <li lang="en">{{(problem['field'] + ': ') if problem['field'] else ''}}{{problem['message']}}</li>
%   end
</ul>
% end
% include('_searchbox.tpl', query='', full=False)
<p><a href="{{href('/search')}}">{{t('back_to_search')}}</a></p>
