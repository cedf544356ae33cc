__tlSearch("block",1,[["generated/types/summit.html","Summit","",-1],["generated/types/talks.html","Talks","",-1]]);
