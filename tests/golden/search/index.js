__tlSearch("index",0,{"block":32,"blocks":2,"docs":34,"shards":2,"version":1});
